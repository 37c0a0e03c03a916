namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>
/// Whether an AIR script is free of loops. AIR repeats only inside <c>fold</c> (each <c>next</c> runs the body again
/// for the next element, and nested folds multiply); every other instruction runs at most once per invocation. A
/// script without <c>fold</c> cannot keep AquaVM busy beyond the work its size and its data's size allow, so it runs on
/// instances compiled without interruption checks, ≈ 10 % faster. A script that has <c>fold</c> anywhere (even inside
/// a string: a false alarm only costs speed) runs where the invocation timeout can stop it.
/// </summary>
internal static class LoopFreeScript
{
    public static bool Is(string air) => !air.Contains("fold", StringComparison.Ordinal);
}
