namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Cross-interpreter cases (<c>scenario@network</c>) on which the native interpreter does not yet match AquaVM, each
/// with the first difference found (AquaVM's value first). They run only on demand
/// (<see cref="NativePendingTheoryAttribute"/>); every other case must match in CI. Remove a case as soon as it
/// passes. <c>*</c> would stand for every case. Pruned on native-air 6b08e6b: 40 of 513 cases (the 42 that had started to pass, in two
/// runs, now gate CI); since then every one has settled (tetraplets, lenses and folds; error texts, fail rules and
/// non-JSON results), and so have the :error: case and the replay case (a failed call replayed in a stream fold) the
/// structure campaign left pending, the fold/par completeness case the delivery campaign found, and the structure
/// campaign's nested-fold case (a fold's last instruction starts complete). So have session 14's three scenarios of
/// folds appending to what they fold over through call results on two peers (the pass-generation model). Pending: one
/// family of nested folds over one stream, both appending to it (the outer fold stops one pass earlier in AquaVM).
/// </summary>
internal static class NativePending
{
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["campaign-fold-writes/nested-stream-fold-call-result-and-an-outer-append-after-it-take-two-generations@mixed-aquavm-first"] = "step 3 (B): the outer fold's lore, its second value's next-subtrace at 8 vs 10 — AquaVM gives B's call result (applied in the inner fold) generation 1 and the outer round's ap after the inner fold generation 2, visited in two passes; native gives both generation 1 and visits them in one pass (par [1,2] where AquaVM has [1,0]); the outer-and-inner-fold-both-appending family, found by h2's targeted fold-writes campaign (seed 1506), differs on 009ea48 too (h2, session 15)",
        ["campaign-fold-writes/nested-stream-fold-call-result-and-an-outer-append-after-it-take-two-generations@native"] = "step 3 (B): the outer fold's lore, its second value's next-subtrace at 8 vs 10 — AquaVM gives B's call result (applied in the inner fold) generation 1 and the outer round's ap after the inner fold generation 2, visited in two passes; native gives both generation 1 and visits them in one pass (par [1,2] where AquaVM has [1,0]); the outer-and-inner-fold-both-appending family, found by h2's targeted fold-writes campaign (seed 1506), differs on 009ea48 too (h2, session 15)",
        ["campaign-fold-writes/nested-stream-fold-on-three-peers-in-a-delivery-order-outer-and-inner-appending-through-calls-on-b@mixed-native-first"] = "step 8 (B): callRequests 12 elements (AquaVM) vs 6 (native), its trace 23 vs 16 elements: in delivery order 1 native's folds visit fewer values than AquaVM's; a regression of e821f2f's pass-generation model (the case matched on 009ea48), outer and inner fold both appending through calls on B, not reduced further (h2, session 15, targeted fold-writes campaign seed 3949)",
        ["campaign-fold-writes/nested-stream-fold-on-three-peers-in-a-delivery-order-outer-and-inner-appending-through-calls-on-b@native"] = "step 8 (B): callRequests 12 elements (AquaVM) vs 6 (native), its trace 23 vs 16 elements: in delivery order 1 native's folds visit fewer values than AquaVM's; a regression of e821f2f's pass-generation model (the case matched on 009ea48), outer and inner fold both appending through calls on B, not reduced further (h2, session 15, targeted fold-writes campaign seed 3949)",
        ["campaign-fold-writes/nested-stream-fold-appending-under-an-outer-fold-with-a-last-instruction@mixed-native-first"] = "step 1 (client): the return call's argument differs — AquaVM [1,2,3,3,3,3,3], native one 3 more: the family of nested-stream-fold-appending-what-the-outer-fold-appended, with a last instruction on the outer fold (lead, session 15)",
        ["campaign-fold-writes/nested-stream-fold-appending-under-an-outer-fold-with-a-last-instruction@native"] = "step 1 (client): the return call's argument differs — AquaVM [1,2,3,3,3,3,3], native one 3 more: the family of nested-stream-fold-appending-what-the-outer-fold-appended, with a last instruction on the outer fold (lead, session 15)",
        ["campaign-fold-writes/nested-stream-fold-appending-what-the-outer-fold-appended@mixed-native-first"] = "step 1 (client): the return call's argument differs — AquaVM [1,2,3,4,4,4,4,4], native one 4 more: the outer fold appends, the inner fold appends when it meets the outer fold's second append, and AquaVM's outer fold stops one value (one pass) earlier; the pass-generation model (a pass opens a generation, the cursor counts empty ones and skips non-empty ones, each group its own) matches 388 of 400 random single-peer nested folds, not this family (lead, session 15)",
        ["campaign-fold-writes/nested-stream-fold-appending-what-the-outer-fold-appended@native"] = "step 1 (client): the return call's argument differs — AquaVM [1,2,3,4,4,4,4,4], native one 4 more: the outer fold appends, the inner fold appends when it meets the outer fold's second append, and AquaVM's outer fold stops one value (one pass) earlier; the pass-generation model (a pass opens a generation, the cursor counts empty ones and skips non-empty ones, each group its own) matches 388 of 400 random single-peer nested folds, not this family (lead, session 15)",
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
