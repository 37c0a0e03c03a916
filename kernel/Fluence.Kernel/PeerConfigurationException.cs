namespace Fluence.Kernel.Host;

/// <summary>
/// The peer cannot start as configured. Thrown before anything starts; <see cref="Errors"/> lists every problem
/// found in one pass (each names the file, key or plugin at fault and what to change).
/// </summary>
public sealed class PeerConfigurationException : Exception
{
    public PeerConfigurationException(IReadOnlyList<string> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    public PeerConfigurationException(string error)
        : this([error])
    {
    }

    public IReadOnlyList<string> Errors { get; }

    private static string Format(IReadOnlyList<string> errors) => errors.Count == 1
        ? "peer configuration error: " + errors[0]
        : $"{errors.Count} peer configuration errors:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  - " + e));
}
