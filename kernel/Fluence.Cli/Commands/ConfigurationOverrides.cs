using Microsoft.Extensions.Configuration;

namespace Fluence.Cli.Commands;

/// <summary>The <c>--Section:Key=value</c> tokens a command did not recognise, as configuration overrides.</summary>
internal static class ConfigurationOverrides
{
    public static Dictionary<string, string?> From(IReadOnlyList<string> tokens) =>
        new ConfigurationBuilder().AddCommandLine(tokens.ToArray()).Build().AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
}
