using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.AquaVm.Marshalling;

/// <summary>
/// The five arguments of AquaVM's <c>invoke(air, prev_data, current_data, params, call_results)</c> as interface-types
/// values. Byte vectors travel as <see cref="ItValue.Bytes"/> so megabytes of particle data are never boxed per byte.
/// </summary>
internal static class InvokeArguments
{
    public const string Function = "invoke";

    public static IReadOnlyList<ItValue> Build(InterpreterInvocation invocation) =>
    [
        new ItValue.Text(invocation.Air),
        new ItValue.Bytes(invocation.PrevData),
        new ItValue.Bytes(invocation.CurrentData),
        RunParameters(invocation.Parameters),
        new ItValue.Bytes(CallResultsEncoder.Encode(invocation.CallResults)),
    ];

    /// <summary>RunParameters in the field order of AquaVM's record (aquavm.md §2).</summary>
    public static ItValue.Record RunParameters(RunParameters p) => new(
    [
        new ItValue.Text(p.InitPeerId),
        new ItValue.Text(p.CurrentPeerId),
        new ItValue.Unsigned(ItTypeKind.U64, p.Timestamp),
        new ItValue.Unsigned(ItTypeKind.U32, p.Ttl),
        p.KeyFormat == 0 ? Ed25519KeyFormat : new ItValue.Unsigned(ItTypeKind.U8, p.KeyFormat),
        new ItValue.Bytes(p.SecretKey),
        new ItValue.Text(p.ParticleId),
        Limit(p.AirSizeLimit, DefaultAirSizeLimit),
        Limit(p.ParticleSizeLimit, DefaultParticleSizeLimit),
        Limit(p.CallResultSizeLimit, DefaultCallResultSizeLimit),
        p.HardLimitEnabled ? HardLimits : SoftLimits,
    ]);

    // The values nearly every invocation carries, made once (ItValues are immutable).
    private static readonly ItValue.Unsigned Ed25519KeyFormat = new(ItTypeKind.U8, 0);
    private static readonly ItValue.Unsigned DefaultAirSizeLimit = new(ItTypeKind.U64, Interpretation.RunParameters.DefaultAirSizeLimit);
    private static readonly ItValue.Unsigned DefaultParticleSizeLimit = new(ItTypeKind.U64, Interpretation.RunParameters.DefaultParticleSizeLimit);
    private static readonly ItValue.Unsigned DefaultCallResultSizeLimit = new(ItTypeKind.U64, Interpretation.RunParameters.DefaultCallResultSizeLimit);
    private static readonly ItValue.Boolean HardLimits = new(true);
    private static readonly ItValue.Boolean SoftLimits = new(false);

    private static ItValue.Unsigned Limit(ulong value, ItValue.Unsigned usual) =>
        value == usual.Value ? usual : new ItValue.Unsigned(ItTypeKind.U64, value);
}
