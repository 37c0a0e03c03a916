using System.Diagnostics;
using System.Text.RegularExpressions;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// Runs a scenario the way the oracle's simulator does (aquavm.md §2, §6): the init peer starts with empty data;
/// every outcome's data becomes the peer's prev_data and is sent to each next peer (in name order); call requests
/// are answered from the service table and fed back to the same peer with empty current data (all at once, or one
/// per invocation with <see cref="AirScenario.SplitCallResults"/>), first in, first out. A scenario's
/// <see cref="AirScenario.Delivery"/> seed reorders, regroups and coalesces that work as a real network may
/// (<see cref="ShuffledDeliveryQueue"/>). Each peer runs on the interpreter the caller assigns it, so a mixed network
/// is one parameter.
/// </summary>
public sealed partial class ScenarioRunner
{
    public const int DefaultMaxSteps = 500;

    private readonly Func<string, IAirInterpreter> _interpreterFor;

    /// <param name="interpreterFor">The interpreter of each peer, by the peer's scenario name.</param>
    /// <param name="maxSteps">A scenario still producing work after this many invocations fails (a particle that never settles).</param>
    public ScenarioRunner(Func<string, IAirInterpreter> interpreterFor, int maxSteps = DefaultMaxSteps)
    {
        ArgumentNullException.ThrowIfNull(interpreterFor);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        _interpreterFor = interpreterFor;
        MaxSteps = maxSteps;
    }

    /// <summary>Every peer on one interpreter.</summary>
    public ScenarioRunner(IAirInterpreter interpreter, int maxSteps = DefaultMaxSteps)
        : this(_ => interpreter, maxSteps)
    {
        ArgumentNullException.ThrowIfNull(interpreter);
    }

    public int MaxSteps { get; }

    /// <summary>The script with every <c>{{NAME}}</c> replaced by that peer's id.</summary>
    /// <exception cref="AirScenarioException">A placeholder names no peer of the scenario.</exception>
    public static string SubstitutePeers(string air, IReadOnlyDictionary<string, string> peerIds) =>
        Placeholder().Replace(air, m => peerIds.TryGetValue(m.Groups[1].Value, out var id) ? id
            : throw new AirScenarioException($"the script names peer '{{{{{m.Groups[1].Value}}}}}', which is not one of the peers ({string.Join(", ", peerIds.Keys)})"));

    /// <exception cref="AirScenarioException">The script names an unknown peer.</exception>
    /// <exception cref="ScenarioRunException">An interpreter failed (threw) or the particle did not settle.</exception>
    public async Task<ScenarioReport> RunAsync(AirScenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var peers = scenario.Peers.Select(ScenarioPeer.Create).ToList();
        try
        {
            var byName = peers.ToDictionary(p => p.Name);
            var peerIds = peers.ToDictionary(p => p.Name, p => p.PeerId);
            var names = peers.ToDictionary(p => p.PeerId, p => p.Name);
            var air = SubstitutePeers(scenario.Air, peerIds);
            var init = byName[scenario.Init];
            var prev = peers.ToDictionary(p => p.Name, _ => ReadOnlyMemory<byte>.Empty);
            var context = new ServiceCallContext();
            var steps = new List<ScenarioStep>();
            var queue = DeliveryQueue.For(scenario);
            queue.AddCopy(init.Name, ReadOnlyMemory<byte>.Empty);
            while (queue.TryNext(out var job))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (steps.Count >= MaxSteps)
                    throw new ScenarioRunException($"the scenario did not settle in {MaxSteps} invocations", steps);
                var me = byName[job.Peer];
                var interpreter = _interpreterFor(me.Name);
                var parameters = new RunParameters(init.PeerId, me.PeerId, scenario.Timestamp, scenario.Ttl, 0, me.Key.Seed.ToArray(), scenario.ParticleId);
                var invocation = new InterpreterInvocation(air, prev[me.Name], job.Data, parameters, job.CallResults.ToDictionary(r => r.Key, r => r.Value));
                var clock = Stopwatch.StartNew();
                InterpreterOutcome outcome;
                try
                {
                    outcome = await interpreter.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new ScenarioRunException($"invocation {steps.Count + 1} on peer {me.Name} ({interpreter.Name}) failed: {ex.Message}", steps, ex);
                }
                clock.Stop();
                var nextPeers = outcome.NextPeerPks.Select(id => names.GetValueOrDefault(id, id)).Order(StringComparer.Ordinal).ToList();
                var requests = outcome.CallRequests.OrderBy(r => r.Key).ToList();
                steps.Add(new ScenarioStep(steps.Count + 1, me.Name, interpreter.Name, prev[me.Name], job.Data, job.CallResults,
                    outcome.RetCode, outcome.ErrorMessage, outcome.Data, nextPeers, requests, clock.Elapsed));
                if (outcome.RetCode == 0 || scenario.StoreDataOnError)
                    prev[me.Name] = outcome.Data;
                foreach (var next in outcome.NextPeerPks.Where(names.ContainsKey).Select(id => names[id]).Order(StringComparer.Ordinal))
                    queue.AddCopy(next, outcome.Data);
                if (requests.Count == 0)
                    continue;
                queue.AddCallResults(me.Name, requests.Select(r => KeyValuePair.Create(r.Key, scenario.Services.Answer(me.Name, r.Value, context))).ToList());
            }
            return new ScenarioReport(scenario, air, peerIds, steps, context.Results, prev.ToDictionary(p => p.Key, p => p.Value));
        }
        finally
        {
            foreach (var peer in peers)
                peer.Dispose();
        }
    }

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();
}
