using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// The ap states of one generation, shared: states are immutable and an ap writes one per appended value, so the
/// common generations are made once per process instead of once per value.
/// </summary>
internal static class ApStates
{
    private static readonly ApState[] Common = Enumerable.Range(0, 64).Select(g => new ApState(new[] { (uint)g })).ToArray();

    public static ApState Of(uint generation) => generation < (uint)Common.Length ? Common[generation] : new ApState(new[] { generation });

    /// <summary>Whether <paramref name="state"/> says exactly <paramref name="generation"/> (the shared state of it, at once).</summary>
    public static bool Says(ApState state, uint generation) =>
        (generation < (uint)Common.Length && ReferenceEquals(state, Common[generation])) ||
        (state.GenerationSpan is [var g] && g == generation);
}
