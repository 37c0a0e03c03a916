using System.CommandLine;
using Fluence.Kernel.Host.Configuration;

namespace Fluence.Cli.Commands;

/// <summary><c>--config</c>: the peer's fluence.json; defaults to ./fluence.json when that file exists.</summary>
internal static class ConfigFileOption
{
    public static Option<FileInfo?> Create() => new("--config", "-c")
    {
        Description = $"Path to the peer configuration (default: ./{FluenceConfiguration.DefaultFileName} when present)",
    };

    public static string? Resolve(FileInfo? option)
    {
        if (option is not null)
            return option.FullName;
        var local = Path.Combine(Directory.GetCurrentDirectory(), FluenceConfiguration.DefaultFileName);
        return File.Exists(local) ? local : null;
    }
}
