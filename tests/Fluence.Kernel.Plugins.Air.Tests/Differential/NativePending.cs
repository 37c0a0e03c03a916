namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Cross-interpreter cases (<c>scenario@network</c>) on which the native interpreter does not yet match AquaVM, each
/// with the first difference found (AquaVM's value first). They run only on demand
/// (<see cref="NativePendingTheoryAttribute"/>); every other case must match in CI. Remove a case as soon as it
/// passes. <c>*</c> would stand for every case. Pruned on native-air 6b08e6b: 40 of 513 cases (the 42 that had started to pass, in two
/// runs, now gate CI); since then every one has settled (tetraplets, lenses and folds; error texts, fail rules and
/// non-JSON results), and so have the :error: case and the replay case (a failed call replayed in a stream fold) the
/// structure campaign left pending, the fold/par completeness case the delivery campaign found, and the structure
/// campaign's nested-fold case (a fold's last instruction starts complete). Pending: three scenarios of stream and
/// stream-map folds whose bodies append to what they fold over through call results on two peers (which generation
/// such a value lands in, and whether a running fold visits it).
/// </summary>
internal static class NativePending
{
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["campaign-fold-writes/nested-map-fold-appending-through-another-peer@native"] = "step 5 (B): callRequests differ — AquaVM asks for svc.id, native does not: nested folds over a stream map whose inner body appends to it through a call on B; native visits one value fewer and later runs 47 invocations where AquaVM stops at 6 (structure campaign, depth 6, seed 426688); which generation a value appended through another peer lands in, and whether a running fold visits it, not yet found",
        ["campaign-fold-writes/nested-map-fold-appending-through-another-peer@mixed-native-first"] = "step 5 (B): callRequests differ — AquaVM asks for svc.id, native does not: nested folds over a stream map whose inner body appends to it through a call on B; native visits one value fewer and later runs 47 invocations where AquaVM stops at 6 (structure campaign, depth 6, seed 426688); which generation a value appended through another peer lands in, and whether a running fold visits it, not yet found",
        ["campaign-fold-writes/nested-stream-fold-results-arriving-together-share-a-generation@native"] = "step 5 (A): callRequests differ — AquaVM asks for 1 call, native for 10: two results arriving in one invocation inside the outer fold's second iteration land in one generation in AquaVM, which the outer fold then does not visit; native gives each its own generation and visits both (h3, session 14)",
        ["campaign-fold-writes/nested-stream-fold-results-arriving-together-share-a-generation@mixed-aquavm-first"] = "step 5 (A): callRequests differ — AquaVM asks for 1 call, native for 10: two results arriving in one invocation inside the outer fold's second iteration land in one generation in AquaVM, which the outer fold then does not visit; native gives each its own generation and visits both (h3, session 14)",
        ["campaign-fold-writes/stream-fold-appending-until-canon-length-across-two-peers@native"] = "step 9 (A): the trace differs (AquaVM 17 states, native 15): AquaVM's fold visits one more value appended through the calls on A and on the client (h2, session 14); the same generation question",
        ["campaign-fold-writes/stream-fold-appending-until-canon-length-across-two-peers@mixed-native-first"] = "step 10 (client): nextPeers differ — AquaVM sends to A, native does not: the fold visits one value fewer (h2, session 14); the same generation question",
        ["campaign-fold-writes/stream-fold-appending-until-canon-length-across-two-peers@mixed-aquavm-first"] = "step 9 (A): the trace differs (AquaVM 17 states, native 15): AquaVM's fold visits one more value appended through the calls on A and on the client (h2, session 14); the same generation question",
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
        // A theory without rows would fail for want of data.
        else if (NativePending.Cases.Count == 0)
            Skip = "no case is native-pending (Differential/NativePending.cs)";
    }
}
