using Fluence.Kernel.Identity;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Services;

/// <summary>Checks <see cref="ServicesOptions"/> when the peer starts; each failure names its key.</summary>
public sealed class ServicesOptionsValidator : IValidateOptions<ServicesOptions>
{
    public const ulong MinServiceMemoryLimitBytes = 1 << 20;

    public ValidateOptionsResult Validate(string? name, ServicesOptions options)
    {
        var failures = new List<string>();
        if (options.MaxModuleBytes <= 0)
            failures.Add($"{Key(nameof(options.MaxModuleBytes))} must be positive (was {options.MaxModuleBytes})");
        if (options.CallTimeout <= TimeSpan.Zero)
            failures.Add($"{Key(nameof(options.CallTimeout))} must be positive (was {options.CallTimeout})");
        if (options.ServiceMemoryLimitBytes < MinServiceMemoryLimitBytes)
            failures.Add($"{Key(nameof(options.ServiceMemoryLimitBytes))} must be at least {MinServiceMemoryLimitBytes} (was {options.ServiceMemoryLimitBytes})");
        if (options.ManagementPeerId is { Length: > 0 } manager && !PeerId.TryParse(manager, out _, out var error))
            failures.Add($"{Key(nameof(options.ManagementPeerId))} '{manager}' is not a peer id: {error}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string property) => $"{ServicesOptions.SectionName}:{property}";
}
