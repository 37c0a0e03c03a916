namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Cross-interpreter cases (<c>scenario@network</c>) on which the native interpreter does not yet match AquaVM, each
/// with the first difference found (AquaVM's value first). They run only on demand
/// (<see cref="NativePendingTheoryAttribute"/>); every other case must match in CI. Remove a case as soon as it
/// passes. <c>*</c> would stand for every case. Pruned on native-air 6b08e6b: 40 of 513 cases (the 42 that had started to pass, in two
/// runs, now gate CI); since then every one has settled (tetraplets, lenses and folds; error texts, fail rules and
/// non-JSON results), and so have the :error: case and the replay case (a failed call replayed in a stream fold) the
/// structure campaign left pending. Pending: one fold/par completeness case the delivery campaign found (campaign-delivery/).
/// </summary>
internal static class NativePending
{
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["campaign-delivery/scalar-fold-next-before-remote-in-par-waits@native"] = "step 2 (client): callRequests differ — a scalar fold whose body is (par (next i) X) with X sent to another peer: AquaVM leaves the fold incomplete after its last iteration, so the call after it waits for that peer; native counts the par complete (its next side completed) and asks for the call at once (f6 with (null) as X agrees); found by the delivery campaign at depth 6 (seed 2595, every delivery order and FIFO), cause in fold/par completeness not analysed",
        ["campaign-delivery/scalar-fold-next-before-remote-in-par-waits@mixed-aquavm-first"] = "step 3 (B): nextPeers [] vs [client] — the same fold as @native: B, native here, runs the remote call of a scalar fold whose body is (par (next i) X) and, when X completes, AquaVM's fold there is complete and sends the particle back to the client, native's was complete before and sends it nowhere; found by the delivery campaign at depth 6 (seed 2595), cause in fold/par completeness not analysed",
        ["campaign-delivery/scalar-fold-next-before-remote-in-par-waits@mixed-native-first"] = "step 2 (client): callRequests differ — a scalar fold whose body is (par (next i) X) with X sent to another peer: AquaVM leaves the fold incomplete after its last iteration, so the call after it waits for that peer; native counts the par complete (its next side completed) and asks for the call at once (f6 with (null) as X agrees); found by the delivery campaign at depth 6 (seed 2595, every delivery order and FIFO), cause in fold/par completeness not analysed",
    };

    public static string? Reason(string caseId) => Cases.GetValueOrDefault(caseId) ?? Cases.GetValueOrDefault("*");

    public static bool IsPending(string caseId) => Reason(caseId) is not null;

    public static TheoryData<string> PendingCaseIds() => new(DifferentialCases.CaseIds.Where(IsPending).Order(StringComparer.Ordinal));
}

/// <summary>
/// A theory over native-pending cases: skipped (with this instruction as the reason) unless
/// <c>FLUENCE_RUN_NATIVE_PENDING=1</c>, so known native gaps never turn CI red but stay one command away:
/// <c>FLUENCE_RUN_NATIVE_PENDING=1 dotnet test tests/Fluence.Kernel.Plugins.Air.Tests --filter Category=NativePending</c>.
/// </summary>
public sealed class NativePendingTheoryAttribute : TheoryAttribute
{
    public const string Variable = "FLUENCE_RUN_NATIVE_PENDING";

    public NativePendingTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"native-pending cases (Differential/NativePending.cs) run on demand: {Variable}=1 dotnet test --filter Category=NativePending";
    }
}
