using System.Globalization;
using System.Text;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// RunParameters' size limits as AquaVM 0.62 applies them (aquavm.md §2; rules established against it, see
/// <c>SizeLimitTests</c>): the script's UTF-8 bytes and current_data's bytes are checked before anything else, each
/// call result's text (UTF-8 bytes) after the data is decoded; a size equal to its limit passes. Soft limits only set
/// the outcome's flags, on every outcome from then on; a hard limit is preparation error 10 with prev_data unchanged,
/// flagged only for call results.
/// </summary>
internal readonly record struct SizeLimits(bool Air, bool Particle, bool CallResult)
{
    /// <summary>The script and current_data: the flags, or the hard-limit error (air first).</summary>
    public static SizeLimits OfInput(InterpreterInvocation invocation, out string? hardError)
    {
        var parameters = invocation.Parameters;
        hardError = null;
        var particleSize = (ulong)invocation.CurrentData.Length;
        var air = Exceeds(invocation.Air, parameters.AirSizeLimit);
        var particle = particleSize > parameters.ParticleSizeLimit;
        if (!parameters.HardLimitEnabled)
            return new SizeLimits(air, particle, false);
        if (air)
            hardError = string.Create(CultureInfo.InvariantCulture, $"air size: {Encoding.UTF8.GetByteCount(invocation.Air)} bytes is bigger than the limit allowed: {parameters.AirSizeLimit} bytes");
        else if (particle)
            hardError = string.Create(CultureInfo.InvariantCulture, $"Current_data particle size: {particleSize} bytes is bigger than the limit allowed: {parameters.ParticleSizeLimit} bytes");
        return default;
    }

    /// <summary>These flags plus the call results' one, or the hard-limit error.</summary>
    public SizeLimits WithCallResults(InterpreterInvocation invocation, out string? hardError)
    {
        var limit = invocation.Parameters.CallResultSizeLimit;
        var exceeded = invocation.CallResults.Values.Any(r => Exceeds(r.Result, limit));
        hardError = exceeded && invocation.Parameters.HardLimitEnabled
            ? string.Create(CultureInfo.InvariantCulture, $"Call result size is bigger than the limit allowed: {limit} bytes")
            : null;
        return this with { CallResult = exceeded };
    }

    /// <summary>Whether the UTF-8 form of <paramref name="text"/> is longer than <paramref name="limit"/>, counting only when it may be.</summary>
    private static bool Exceeds(string text, ulong limit) =>
        (ulong)text.Length * 3 > limit && (ulong)Encoding.UTF8.GetByteCount(text) > limit;

    public InterpreterOutcome Flag(InterpreterOutcome outcome) => outcome with
    {
        AirSizeLimitExceeded = Air,
        ParticleSizeLimitExceeded = Particle,
        CallResultSizeLimitExceeded = CallResult,
    };
}
