namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Cross-interpreter cases (<c>scenario@network</c>) on which the native interpreter does not yet match AquaVM, each
/// with the first difference found (AquaVM's value first). They run only on demand
/// (<see cref="NativePendingTheoryAttribute"/>); every other case must match in CI. Remove a case as soon as it
/// passes. <c>*</c> would stand for every case. Measured on native-air 9ad4fb7: 82 of 513 cases, 5 of them order-dependent (the
/// native outcome for identical inputs changes with what ran before it in the process).
/// </summary>
internal static class NativePending
{
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ap/canon-lambda@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].service_id: \"\" vs \".length\"",
        ["ap/canon-lambda@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].service_id: \"\" vs \".length\"",
        ["ap/map-bad-key@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["ap/map-bad-key@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["call/failing-caught@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[2][0].lens: \"\" vs \".$.error_code\"",
        ["call/failing-caught@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[2][0].lens: \"\" vs \".$.error_code\"",
        ["call/invalid-json-result@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0].message: \"Local service error, ret_code is 2147483647, error message is 'call_service result 'ret_code: 0, result: '{not json'' can't be \u2026",
        ["call/invalid-json-result@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0].message: \"Local service error, ret_code is 2147483647, error message is 'call_service result 'ret_code: 0, result: '{not json'' can't be \u2026",
        ["call/nonstring-triplet@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["call/nonstring-triplet@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["call/nonzero-ret-code-with-value@native"] = "first difference (AquaVM vs native): step 4 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["call/unknown-service@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.message\"",
        ["call/unknown-service@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.message\"",
        ["canon/map-lambdas@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.a.[1]\"",
        ["canon/map-lambdas@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.a.[1]\"",
        ["canon/twice-remote-values@mixed-native-first"] = "first difference (AquaVM vs native): step 9 (client): callRequests[0].tetraplets[1][0].peer_pk: \"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr\" vs \"12D3KooWEuphvjYddqGCcg8SSYtxoMJwP7brP7UfXsvYf82sYoRk\"",
        ["canon/twice-remote-values@native"] = "first difference (AquaVM vs native): step 9 (client): callRequests[0].tetraplets[1][0].peer_pk: \"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr\" vs \"12D3KooWEuphvjYddqGCcg8SSYtxoMJwP7brP7UfXsvYf82sYoRk\"",
        ["errors/last-error-after-par-success@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[1].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["fail/rethrow-error@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].arguments[1]: \"fail with '{\\\"error_code\\\":5,\\\"instruction\\\":\\\"fail 5 \\\\\\\"five\\\\\\\"\\\",\\\"message\\\":\\\"five\\\",\\\"peer_id\\\":\\\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDk\u2026",
        ["fail/rethrow-error@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].arguments[1]: \"fail with '{\\\"error_code\\\":5,\\\"instruction\\\":\\\"fail 5 \\\\\\\"five\\\\\\\"\\\",\\\"message\\\":\\\"five\\\",\\\"peer_id\\\":\\\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDk\u2026",
        ["fail/rethrow-last-error@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].service_id: \"svc\" vs \"\"",
        ["fail/rethrow-last-error@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].service_id: \"svc\" vs \"\"",
        ["fail/scalar-invalid@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["fail/scalar-invalid@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["fail/scalar-object@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0]: 12 vs 10008",
        ["fail/scalar-object@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0]: 12 vs 10008",
        ["fold/over-non-array@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["fold/over-non-array@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["fold/stream-errors-swallowed@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests: 1 elements vs 0 ([{\"id\":1,\"serviceId\":\"return\",\"functionName\":\"\",\"arguments\":[\"after fold\"],\"tetraplets\":[[{\"peer_pk\":\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4\u2026",
        ["fold/stream-errors-swallowed@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests: 1 elements vs 0 ([{\"id\":1,\"serviceId\":\"return\",\"functionName\":\"\",\"arguments\":[\"after fold\"],\"tetraplets\":[[{\"peer_pk\":\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4\u2026",
        ["lambda/fields-and-indices@mixed-native-first"] = "first difference (AquaVM vs native): step 3 (client): callRequests[0].tetraplets[2][0].lens: \".$.users.[1].tags.[0]\" vs \".$.users.[1].tags.[0]!\"",
        ["lambda/fields-and-indices@native"] = "first difference (AquaVM vs native): step 3 (client): callRequests[0].tetraplets[2][0].lens: \".$.users.[1].tags.[0]\" vs \".$.users.[1].tags.[0]!\"",
        ["lambda/index-out-of-range@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["lambda/index-out-of-range@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["lambda/length-of-non-array@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["lambda/length-of-non-array@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["lambda/missing-field@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["lambda/missing-field@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["match/unequal-caught@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["match/unequal-caught@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["mismatch/equal-caught@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["mismatch/equal-caught@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["new/scalar-not-initialized@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].service_id: \"return\" vs \"\"",
        ["new/scalar-not-initialized@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].service_id: \"return\" vs \"\"",
        ["par/both-branches-fail@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0]: \"Local service error, ret_code is 1, error message is '\\\"left\\\"'\" vs \"Local service error, ret_code is 1, error message is '\\\"right\\\"'\"",
        ["par/both-branches-fail@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0]: \"Local service error, ret_code is 1, error message is '\\\"left\\\"'\" vs \"Local service error, ret_code is 1, error message is '\\\"right\\\"'\"",
        ["par/one-branch-fails@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.error_code\"",
        ["par/one-branch-fails@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.error_code\"",
        ["random/parser-script-004@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/parser-script-004@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/parser-script-006@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/parser-script-006@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/parser-script-019@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): data.data.trace: 1 elements vs 0 ([{\"fold\":{\"lore\":[]}}] vs [])",
        ["random/parser-script-019@native"] = "first difference (AquaVM vs native): step 1 (client): data.data.trace: 1 elements vs 0 ([{\"fold\":{\"lore\":[]}}] vs [])",
        ["random/scenario-005@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-005@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-006@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-006@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-007@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-007@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-011@mixed-aquavm-first"] = "first difference (AquaVM vs native): step 3 (A): data.data.trace[0].call.failed: \"bagaaihrayw47c4qiz6tw2jmvpcyybp4vpo356svdiijngbl4c6ir2acubjca\" vs \"bagaaihrairbdehplz55tvfvckdxxqni4pvjphfpiglq2bbcxiy3cbmlvopxa\"",
        ["random/scenario-011@native"] = "first difference (AquaVM vs native): step 3 (A): data.data.trace[0].call.failed: \"bagaaihrayw47c4qiz6tw2jmvpcyybp4vpo356svdiijngbl4c6ir2acubjca\" vs \"bagaaihrairbdehplz55tvfvckdxxqni4pvjphfpiglq2bbcxiy3cbmlvopxa\"",
        ["random/scenario-029@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-029@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-033@mixed-native-first"] = "first difference (AquaVM vs native): step 3 (B): data.data.trace[0].call.failed: \"bagaaihra5jloxpaf23iodgowhuxmgkwsaczcice6nged2sw26qlebqangjbq\" vs \"bagaaihraczn5jtugdheaxi4aiklcxuhn5bvlqc6s2wg4widoja3yfbns2fcq\"",
        ["random/scenario-033@native"] = "first difference (AquaVM vs native): step 3 (B): data.data.trace[0].call.failed: \"bagaaihra5jloxpaf23iodgowhuxmgkwsaczcice6nged2sw26qlebqangjbq\" vs \"bagaaihraczn5jtugdheaxi4aiklcxuhn5bvlqc6s2wg4widoja3yfbns2fcq\"",
        ["random/scenario-047@mixed-aquavm-first"] = "first difference (AquaVM vs native): step 2 (A): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.message\"",
        ["random/scenario-047@native"] = "first difference (AquaVM vs native): step 2 (A): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.message\"",
        ["random/scenario-048@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-048@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-050@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-050@native"] = "first difference (AquaVM vs native): step 1 (client): retCode: 10008 vs 10006",
        ["random/scenario-051@mixed-aquavm-first"] = "first difference (AquaVM vs native): step 2 (A): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["random/scenario-051@native"] = "first difference (AquaVM vs native): step 2 (A): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["random/scenario-058@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.error_code\"",
        ["random/scenario-058@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.error_code\"",
        ["xor/remote-error-handled-remotely@native"] = "first difference (AquaVM vs native): step 4 (B): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.peer_id\"",
        ["call/nonzero-ret-code-with-value@mixed-native-first"] = "order-dependent (passes after other runs of this script in the process, fails when run first): step 4 (client) tetraplets[0][0].lens \"\" vs \".$.error_code\"",
        ["errors/last-error-after-par-success@mixed-native-first"] = "order-dependent (passes after other runs of this script in the process, fails when run first): step 1 (client) tetraplets[0][0].lens \"\" vs \".$.error_code\"",
        ["xor/remote-error-handled-remotely@mixed-native-first"] = "order-dependent (passes after other runs of this script in the process, fails when run first): step 4 (B) tetraplets[0][0].lens \"\" vs \".$.peer_id\"",
        ["fold/canon-map@native"] = "regressed after 97899cb, order-dependent: step 1 (client) tetraplets[0][0].lens \".$.key\" vs \"\"",
        ["fold/canon-map@mixed-native-first"] = "regressed after 97899cb, order-dependent: step 1 (client) tetraplets[0][0].lens \".$.key\" vs \"\"",
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
