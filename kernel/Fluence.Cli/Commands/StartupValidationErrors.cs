using Microsoft.Extensions.Options;

namespace Fluence.Cli.Commands;

/// <summary>
/// Kernel modules' options are validated when the host starts (before any service starts): those failures are
/// configuration errors, reported by key like the plugins' ones.
/// </summary>
internal static class StartupValidationErrors
{
    public static bool TryDescribe(Exception exception, out string message)
    {
        var failures = exception switch
        {
            OptionsValidationException single => single.Failures,
            AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
                many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures),
            _ => null,
        };
        message = failures is null ? "" : string.Join(Environment.NewLine, failures);
        return failures is not null;
    }
}
