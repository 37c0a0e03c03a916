namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Cross-interpreter cases (<c>scenario@network</c>) on which the native interpreter does not yet match AquaVM, each
/// with the first difference found (AquaVM's value first). They run only on demand
/// (<see cref="NativePendingTheoryAttribute"/>); every other case must match in CI. Remove a case as soon as it
/// passes. <c>*</c> would stand for every case. Pruned on native-air 6b08e6b: 40 of 513 cases (the 42 that had started to pass, in two
/// runs, now gate CI).
/// </summary>
internal static class NativePending
{
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["call/invalid-json-result@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0].message: \"Local service error, ret_code is 2147483647, error message is 'call_service result 'ret_code: 0, result: '{not json'' can't be \u2026",
        ["call/invalid-json-result@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0].message: \"Local service error, ret_code is 2147483647, error message is 'call_service result 'ret_code: 0, result: '{not json'' can't be \u2026",
        ["fail/rethrow-error@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].arguments[1]: \"fail with '{\\\"error_code\\\":5,\\\"instruction\\\":\\\"fail 5 \\\\\\\"five\\\\\\\"\\\",\\\"message\\\":\\\"five\\\",\\\"peer_id\\\":\\\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDk\u2026",
        ["fail/rethrow-error@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].arguments[1]: \"fail with '{\\\"error_code\\\":5,\\\"instruction\\\":\\\"fail 5 \\\\\\\"five\\\\\\\"\\\",\\\"message\\\":\\\"five\\\",\\\"peer_id\\\":\\\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDk\u2026",
        ["fail/scalar-object@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0]: 12 vs 10008",
        ["fail/scalar-object@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0]: 12 vs 10008",
        ["random/parser-script-004@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/parser-script-004@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/parser-script-006@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/parser-script-006@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-005@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-005@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-006@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-006@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-007@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-007@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-011@mixed-aquavm-first"] = "first difference (AquaVM vs native): step 3 (A): data.data.trace[0].call.failed: \"bagaaihrayw47c4qiz6tw2jmvpcyybp4vpo356svdiijngbl4c6ir2acubjca\" vs \"bagaaihrairbdehplz55tvfvckdxxqni4pvjphfpiglq2bbcxiy3cbmlvopxa\"",
        ["random/scenario-011@native"] = "first difference (AquaVM vs native): step 3 (A): data.data.trace[0].call.failed: \"bagaaihrayw47c4qiz6tw2jmvpcyybp4vpo356svdiijngbl4c6ir2acubjca\" vs \"bagaaihrairbdehplz55tvfvckdxxqni4pvjphfpiglq2bbcxiy3cbmlvopxa\"",
        ["random/scenario-033@mixed-native-first"] = "first difference (AquaVM vs native): step 3 (B): data.data.trace[0].call.failed: \"bagaaihra5jloxpaf23iodgowhuxmgkwsaczcice6nged2sw26qlebqangjbq\" vs \"bagaaihraczn5jtugdheaxi4aiklcxuhn5bvlqc6s2wg4widoja3yfbns2fcq\"",
        ["random/scenario-033@native"] = "first difference (AquaVM vs native): step 3 (B): data.data.trace[0].call.failed: \"bagaaihra5jloxpaf23iodgowhuxmgkwsaczcice6nged2sw26qlebqangjbq\" vs \"bagaaihraczn5jtugdheaxi4aiklcxuhn5bvlqc6s2wg4widoja3yfbns2fcq\"",
        ["random/scenario-048@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-048@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
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
