using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.AirScenarios;

/// <summary>One invocation of the simulated network: its input, its outcome, which interpreter ran it and how long it took.</summary>
/// <param name="NextPeers">Names of the next peers (ids the scenario does not know stay ids), sorted.</param>
/// <param name="CallRequests">The outcome's call requests, by ascending id.</param>
public sealed record ScenarioStep(
    int Index,
    string Peer,
    string Interpreter,
    ReadOnlyMemory<byte> PrevData,
    ReadOnlyMemory<byte> CurrentData,
    IReadOnlyList<KeyValuePair<uint, CallServiceResult>> CallResults,
    long RetCode,
    string ErrorMessage,
    ReadOnlyMemory<byte> Data,
    IReadOnlyList<string> NextPeers,
    IReadOnlyList<KeyValuePair<uint, CallRequest>> CallRequests,
    TimeSpan Elapsed);

/// <summary>Everything a run produced.</summary>
/// <param name="Air">The script with the placeholders substituted.</param>
/// <param name="Results">Values captured by <c>capture</c> services (<c>return</c>, <c>callbackSrv.response</c>, …) in call order.</param>
/// <param name="FinalData">Each peer's prev_data after the run (empty for a peer the particle never reached).</param>
public sealed record ScenarioReport(
    AirScenario Scenario,
    string Air,
    IReadOnlyDictionary<string, string> PeerIds,
    IReadOnlyList<ScenarioStep> Steps,
    IReadOnlyList<JsonNode?> Results,
    IReadOnlyDictionary<string, ReadOnlyMemory<byte>> FinalData)
{
    /// <summary>What of the scenario's <c>expect</c> does not hold; empty when it all holds or there is none.</summary>
    public IReadOnlyList<string> ExpectationFailures => Scenario.Expect?.Check(this) ?? [];
}
