using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>Checks <see cref="AquaVmOptions"/> when the peer starts, so a bad value fails at start with its key.</summary>
public sealed class AquaVmOptionsValidator : IValidateOptions<AquaVmOptions>
{
    public const int MaxPoolSize = 1024;
    public const ulong MinMemoryLimitBytes = 16UL << 20;
    private static readonly string[] LogLevels = ["off", "error", "warn", "info", "debug", "trace"];

    public ValidateOptionsResult Validate(string? name, AquaVmOptions options)
    {
        var failures = new List<string>();
        if (options.PoolSize is < 1 or > MaxPoolSize)
            failures.Add($"{Key(nameof(options.PoolSize))} must be between 1 and {MaxPoolSize} (was {options.PoolSize})");
        if (options.InvocationTimeout <= TimeSpan.Zero)
            failures.Add($"{Key(nameof(options.InvocationTimeout))} must be positive (was {options.InvocationTimeout})");
        if (options.MemoryLimitBytes < MinMemoryLimitBytes)
            failures.Add($"{Key(nameof(options.MemoryLimitBytes))} must be at least {MinMemoryLimitBytes} (AquaVM starts with 10 MiB; was {options.MemoryLimitBytes})");
        if (!LogLevels.Contains(options.WasmLog, StringComparer.OrdinalIgnoreCase))
            failures.Add($"{Key(nameof(options.WasmLog))} must be one of {string.Join(", ", LogLevels)} (was '{options.WasmLog}')");
        // A missing avm.wasm is reported by AquaVmInterpreter.StartAsync: only the chosen interpreter needs it.
        if (options.AvmWasmPath is { } path && string.IsNullOrWhiteSpace(path))
            failures.Add($"{Key(nameof(options.AvmWasmPath))} is blank; leave it out to use the installed component");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string property) => $"{AquaVmOptions.SectionName}:{property}";
}
