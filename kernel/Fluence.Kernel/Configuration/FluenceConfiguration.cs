using Microsoft.Extensions.Configuration;
using Fluence.Kernel.Host;

namespace Fluence.Kernel.Host.Configuration;

/// <summary>
/// Builds the peer's configuration: <c>fluence.json</c>, then environment variables <c>FLUENCE_…</c> (sections
/// separated by <c>__</c>, e.g. <c>FLUENCE_Peer__DataDir</c>), then command-line overrides (<c>--Peer:DataDir=…</c>).
/// </summary>
public static class FluenceConfiguration
{
    public const string EnvironmentPrefix = "FLUENCE_";
    public const string DefaultFileName = "fluence.json";

    /// <param name="configFile">The JSON file; null for none (environment and overrides only).</param>
    /// <param name="overrides">Command-line style overrides.</param>
    public static IConfigurationRoot Load(string? configFile, IEnumerable<string>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile);
            if (!File.Exists(path))
                throw new PeerConfigurationException($"configuration file {path} does not exist");
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddCommandLine(overrides?.ToArray() ?? []);
        try
        {
            return builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            var cause = ex;
            while (cause.InnerException is not null)
                cause = cause.InnerException;
            throw new PeerConfigurationException($"configuration file {Path.GetFullPath(configFile!)} is not valid JSON: {cause.Message}");
        }
    }

    /// <summary>The folder relative paths in <paramref name="configFile"/> are resolved against.</summary>
    public static string BaseDirectoryOf(string? configFile) =>
        configFile is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(configFile))!;
}
