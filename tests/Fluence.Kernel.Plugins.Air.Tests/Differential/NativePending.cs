namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Cross-interpreter cases (<c>scenario@network</c>) on which the native interpreter does not yet match AquaVM, each
/// with the first difference found (AquaVM's value first). They run only on demand
/// (<see cref="NativePendingTheoryAttribute"/>); every other case must match in CI. Remove a case as soon as it
/// passes. <c>*</c> would stand for every case. Measured on native-air 97899cb: 103 of 513 cases (4 of them order-dependent: the
/// native outcome for identical inputs changed with what ran before it in the process).
/// </summary>
internal static class NativePending
{
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ap/canon-lambda@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.[1]\"",
        ["ap/canon-lambda@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.[1]\"",
        ["ap/map-bad-key@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["ap/map-bad-key@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["ap/map-keys@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[2][0].lens: \"length\" vs \".length\"",
        ["ap/map-keys@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[2][0].lens: \"length\" vs \".length\"",
        ["ap/to-stream@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[1][0].service_id: \"svc\" vs \"\"",
        ["ap/to-stream@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[1][0].service_id: \"svc\" vs \"\"",
        ["call/failing-caught@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].service_id: \"svc\" vs \"\"",
        ["call/failing-caught@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].service_id: \"svc\" vs \"\"",
        ["call/invalid-json-result@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0].message: \"Local service error, ret_code is 2147483647, error message is 'call_service result 'ret_code: 0, result: '{not json'' can't be \u2026",
        ["call/invalid-json-result@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0].message: \"Local service error, ret_code is 2147483647, error message is 'call_service result 'ret_code: 0, result: '{not json'' can't be \u2026",
        ["call/nonstring-triplet@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["call/nonstring-triplet@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["call/nonzero-ret-code-with-value@native"] = "first difference (AquaVM vs native): step 4 (client): callRequests[0].tetraplets[0][0].peer_pk: \"12D3KooWEuphvjYddqGCcg8SSYtxoMJwP7brP7UfXsvYf82sYoRk\" vs \"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr\"",
        ["call/peer-specific-service@mixed-native-first"] = "first difference (AquaVM vs native): step 6 (client): data.data.trace: 4 elements vs 3 ([{\"par\":[1,1]},{\"call\":{\"executed\":{\"scalar\":\"bagaaihraptnfw4ultcv2ogi2j4tlqyybrqgidbveskg4lzbn4rak6xixjs4a\"}}},{\"call\":{\"sent_by\":{\u2026",
        ["call/peer-specific-service@native"] = "first difference (AquaVM vs native): step 6 (client): data.data.trace: 4 elements vs 3 ([{\"par\":[1,1]},{\"call\":{\"executed\":{\"scalar\":\"bagaaihraptnfw4ultcv2ogi2j4tlqyybrqgidbveskg4lzbn4rak6xixjs4a\"}}},{\"call\":{\"sent_by\":{\u2026",
        ["call/stream-output-from-three-peers@native"] = "first difference (AquaVM vs native): step 4 (client): callRequests[0].tetraplets[1][0].service_id: \".length\" vs \"\"",
        ["call/unknown-service@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].service_id: \"nothing\" vs \"\"",
        ["call/unknown-service@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[0][0].service_id: \"nothing\" vs \"\"",
        ["canon/empty-stream@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].service_id: \".length\" vs \"\"",
        ["canon/empty-stream@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].service_id: \".length\" vs \"\"",
        ["canon/map-lambdas@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.a.[1]\"",
        ["canon/map-lambdas@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.a.[1]\"",
        ["canon/twice-remote-values@mixed-native-first"] = "first difference (AquaVM vs native): step 9 (client): callRequests[0].tetraplets[0][0].service_id: \".length\" vs \"\"",
        ["canon/twice-remote-values@native"] = "first difference (AquaVM vs native): step 9 (client): callRequests[0].tetraplets[0][0].service_id: \".length\" vs \"\"",
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
        ["fold/scalar-array-par-remote@mixed-aquavm-first"] = "first difference (AquaVM vs native): step 3 (A): nextPeers: 0 elements vs 1 ([] vs [\"client\"])",
        ["fold/scalar-array-par-remote@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests: 0 elements vs 1 ([] vs [{\"id\":2,\"serviceId\":\"return\",\"functionName\":\"\",\"arguments\":[0],\"tetraplets\":[[{\"peer_pk\":\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6J\u2026",
        ["fold/scalar-array-par-remote@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests: 0 elements vs 1 ([] vs [{\"id\":2,\"serviceId\":\"return\",\"functionName\":\"\",\"arguments\":[0],\"tetraplets\":[[{\"peer_pk\":\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6J\u2026",
        ["fold/stream-errors-swallowed@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests: 1 elements vs 0 ([{\"id\":1,\"serviceId\":\"return\",\"functionName\":\"\",\"arguments\":[\"after fold\"],\"tetraplets\":[[{\"peer_pk\":\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4\u2026",
        ["fold/stream-errors-swallowed@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests: 1 elements vs 0 ([{\"id\":1,\"serviceId\":\"return\",\"functionName\":\"\",\"arguments\":[\"after fold\"],\"tetraplets\":[[{\"peer_pk\":\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4\u2026",
        ["lambda/fields-and-indices@mixed-native-first"] = "first difference (AquaVM vs native): step 3 (client): callRequests[0].tetraplets[2][0].lens: \".$.users.[1].tags.[0]\" vs \".$.users.[1].tags.[0]!\"",
        ["lambda/fields-and-indices@native"] = "first difference (AquaVM vs native): step 3 (client): callRequests[0].tetraplets[2][0].lens: \".$.users.[1].tags.[0]\" vs \".$.users.[1].tags.[0]!\"",
        ["lambda/index-out-of-range@mixed-native-first"] = "throws out of InvokeAsync on a catchable lambda error instead of raising it (AquaVM: 10007/10010 caught by xor)",
        ["lambda/index-out-of-range@native"] = "throws out of InvokeAsync on a catchable lambda error instead of raising it (AquaVM: 10007/10010 caught by xor)",
        ["lambda/length-of-non-array@mixed-native-first"] = "throws out of InvokeAsync on a catchable lambda error instead of raising it (AquaVM: 10007/10010 caught by xor)",
        ["lambda/length-of-non-array@native"] = "throws out of InvokeAsync on a catchable lambda error instead of raising it (AquaVM: 10007/10010 caught by xor)",
        ["lambda/missing-field@mixed-native-first"] = "throws out of InvokeAsync on a catchable lambda error instead of raising it (AquaVM: 10007/10010 caught by xor)",
        ["lambda/missing-field@native"] = "throws out of InvokeAsync on a catchable lambda error instead of raising it (AquaVM: 10007/10010 caught by xor)",
        ["match/unequal-caught@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["match/unequal-caught@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["mismatch/equal-caught@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["mismatch/equal-caught@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["new/scalar-not-initialized@mixed-native-first"] = "never settles: every invocation emits new work (AquaVM: one 10009 error caught by xor)",
        ["new/scalar-not-initialized@native"] = "never settles: every invocation emits new work (AquaVM: one 10009 error caught by xor)",
        ["oracle/fold-stream-canon@mixed-native-first"] = "first difference (AquaVM vs native): step 7 (client): callRequests[0].tetraplets[1][0].service_id: \".length\" vs \"\"",
        ["oracle/fold-stream-canon@native"] = "first difference (AquaVM vs native): step 7 (client): callRequests[0].tetraplets[1][0].service_id: \".length\" vs \"\"",
        ["oracle/par-two-peers@mixed-native-first"] = "first difference (AquaVM vs native): step 6 (client): data.data.trace: 4 elements vs 3 ([{\"par\":[1,1]},{\"call\":{\"executed\":{\"scalar\":\"bagaaihraa5272xx2zpxy6pjw5pr2qmu7rde4zajebfocjw4jcbrwspnnayfa\"}}},{\"call\":{\"sent_by\":{\u2026",
        ["oracle/par-two-peers@native"] = "first difference (AquaVM vs native): step 6 (client): data.data.trace: 4 elements vs 3 ([{\"par\":[1,1]},{\"call\":{\"executed\":{\"scalar\":\"bagaaihraa5272xx2zpxy6pjw5pr2qmu7rde4zajebfocjw4jcbrwspnnayfa\"}}},{\"call\":{\"sent_by\":{\u2026",
        ["oracle/stream-map-canon@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[4][0].lens: \"\" vs \".$.key\"",
        ["oracle/stream-map-canon@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[4][0].lens: \"\" vs \".$.key\"",
        ["oracle/xor-error-handling@mixed-aquavm-first"] = "first difference (AquaVM vs native): step 6 (relay): callRequests[0].tetraplets[0][0].peer_pk: \"12D3KooWEuphvjYddqGCcg8SSYtxoMJwP7brP7UfXsvYf82sYoRk\" vs \"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr\"",
        ["oracle/xor-error-handling@native"] = "first difference (AquaVM vs native): step 6 (relay): callRequests[0].tetraplets[0][0].peer_pk: \"12D3KooWEuphvjYddqGCcg8SSYtxoMJwP7brP7UfXsvYf82sYoRk\" vs \"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr\"",
        ["par/both-branches-fail@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0]: \"Local service error, ret_code is 1, error message is '\\\"left\\\"'\" vs \"Local service error, ret_code is 1, error message is '\\\"right\\\"'\"",
        ["par/both-branches-fail@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].arguments[0]: \"Local service error, ret_code is 1, error message is '\\\"left\\\"'\" vs \"Local service error, ret_code is 1, error message is '\\\"right\\\"'\"",
        ["par/join-on-remote-variable@mixed-native-first"] = "first difference (AquaVM vs native): step 3 (client): data.data.trace: 3 elements vs 2 ([{\"par\":[1,1]},{\"call\":{\"sent_by\":{\"PeerId\":\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr\"}}},{\"call\":{\"sent_by\":{\"PeerId\":\"\u2026",
        ["par/join-on-remote-variable@native"] = "first difference (AquaVM vs native): step 3 (client): data.data.trace: 3 elements vs 2 ([{\"par\":[1,1]},{\"call\":{\"sent_by\":{\"PeerId\":\"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr\"}}},{\"call\":{\"sent_by\":{\"PeerId\":\"\u2026",
        ["par/one-branch-fails@mixed-native-first"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[1][0].service_id: \"svc\" vs \"\"",
        ["par/one-branch-fails@native"] = "first difference (AquaVM vs native): step 2 (client): callRequests[0].tetraplets[1][0].service_id: \"svc\" vs \"\"",
        ["random/parser-script-004@mixed-native-first"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/parser-script-004@native"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/parser-script-006@mixed-native-first"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/parser-script-006@native"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/parser-script-019@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): data.data.trace: 1 elements vs 0 ([{\"fold\":{\"lore\":[]}}] vs [])",
        ["random/parser-script-019@native"] = "first difference (AquaVM vs native): step 1 (client): data.data.trace: 1 elements vs 0 ([{\"fold\":{\"lore\":[]}}] vs [])",
        ["random/scenario-005@mixed-native-first"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-005@native"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-006@mixed-native-first"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-006@native"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-007@mixed-native-first"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-007@native"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-011@mixed-aquavm-first"] = "first difference (AquaVM vs native): step 3 (A): data.data.trace[0].call.failed: \"bagaaihrayw47c4qiz6tw2jmvpcyybp4vpo356svdiijngbl4c6ir2acubjca\" vs \"bagaaihra6f6jq3ydpw6os5jrnmaoij3xdnp4hbeg6nqeb3s7l4liniurz7cq\"",
        ["random/scenario-011@native"] = "first difference (AquaVM vs native): step 3 (A): data.data.trace[0].call.failed: \"bagaaihrayw47c4qiz6tw2jmvpcyybp4vpo356svdiijngbl4c6ir2acubjca\" vs \"bagaaihra6f6jq3ydpw6os5jrnmaoij3xdnp4hbeg6nqeb3s7l4liniurz7cq\"",
        ["random/scenario-029@mixed-native-first"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-029@native"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-033@mixed-native-first"] = "first difference (AquaVM vs native): step 3 (B): data.data.trace[0].call.failed: \"bagaaihra5jloxpaf23iodgowhuxmgkwsaczcice6nged2sw26qlebqangjbq\" vs \"bagaaihraaly5sacubn5dzfkkl6szjcga7ohaollghx5lgo73gwrgy2gogqiq\"",
        ["random/scenario-033@native"] = "first difference (AquaVM vs native): step 3 (B): data.data.trace[0].call.failed: \"bagaaihra5jloxpaf23iodgowhuxmgkwsaczcice6nged2sw26qlebqangjbq\" vs \"bagaaihraaly5sacubn5dzfkkl6szjcga7ohaollghx5lgo73gwrgy2gogqiq\"",
        ["random/scenario-047@mixed-aquavm-first"] = "first difference (AquaVM vs native): step 2 (A): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.message\"",
        ["random/scenario-047@native"] = "first difference (AquaVM vs native): step 2 (A): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.message\"",
        ["random/scenario-048@mixed-native-first"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-048@native"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-050@mixed-native-first"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-050@native"] = "(fail x) with an invalid error object: AquaVM raises 10008 (InvalidErrorObject), native 10006",
        ["random/scenario-051@mixed-aquavm-first"] = "first difference (AquaVM vs native): step 2 (A): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["random/scenario-051@native"] = "first difference (AquaVM vs native): step 2 (A): callRequests[0].tetraplets[0][0].lens: \"\" vs \".$.error_code\"",
        ["random/scenario-058@mixed-native-first"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.error_code\"",
        ["random/scenario-058@native"] = "first difference (AquaVM vs native): step 1 (client): callRequests[0].tetraplets[1][0].lens: \"\" vs \".$.error_code\"",
        ["xor/remote-error-handled-remotely@native"] = "first difference (AquaVM vs native): step 4 (B): callRequests[0].tetraplets[0][0].peer_pk: \"12D3KooWEuphvjYddqGCcg8SSYtxoMJwP7brP7UfXsvYf82sYoRk\" vs \"12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr\"",
        ["call/nonzero-ret-code-with-value@mixed-native-first"] = "order-dependent: passed when run after the other networks of this scenario, fails when run first (AquaVM vs native: step 4 tetraplets[0][0].peer_pk: A vs client)",
        ["call/stream-output-from-three-peers@mixed-native-first"] = "order-dependent: passed when run after the other networks of this scenario, fails when run first (AquaVM vs native: step 4 tetraplets[1][0].service_id: \".length\" vs \"\")",
        ["errors/last-error-after-par-success@mixed-native-first"] = "order-dependent: passed when run after the other networks of this scenario, fails when run first (AquaVM vs native: step 1 tetraplets[0][0].lens: \"\" vs \".$.error_code\")",
        ["xor/remote-error-handled-remotely@mixed-native-first"] = "order-dependent: passed when run after the other networks of this scenario, fails when run first (AquaVM vs native: step 4 (B) tetraplets[0][0].peer_pk: A vs client)",
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
