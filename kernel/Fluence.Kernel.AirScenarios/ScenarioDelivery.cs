using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// The scenario's <c>delivery</c> field: the order a simulated network delivers pending work in, as a real one may
/// (a Nox peer runs one actor per particle, fluence-protocol.md §1.5, §3.2). <c>{"seed": N}</c> makes a seeded PRNG
/// choose every step: which pending job runs next (any peer's, not the oldest); how a peer's pending call results
/// are grouped (all, some or one, in any order, each delivered exactly once); whether a pending particle copy and
/// pending call results of the same peer go into one invocation (current_data and call_results together, as Nox
/// runs them). A copy not chosen waits, so copies are also held back and overtaken. The schedule depends only on the
/// seed and on the jobs the run produced, so two interpreters that agree see the same order. Without the field the
/// runner delivers first in, first out (<see cref="FifoDeliveryQueue"/>), and <c>splitCallResults</c> applies;
/// with it, the seed decides the grouping and <c>splitCallResults</c> is ignored.
/// </summary>
/// <param name="Seed">Seeds the PRNG of <see cref="ShuffledDeliveryQueue"/>.</param>
public sealed record ScenarioDelivery(int Seed)
{
    /// <exception cref="AirScenarioException"/>
    public static ScenarioDelivery FromJson(JsonObject delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        foreach (var (key, _) in delivery)
        {
            if (key != "seed")
                throw new AirScenarioException($"unknown delivery field '{key}' (known: seed)");
        }
        return delivery["seed"] is JsonValue v && v.TryGetValue<int>(out var seed)
            ? new ScenarioDelivery(seed)
            : throw new AirScenarioException($"'delivery' needs an integer 'seed', not {delivery["seed"]?.ToJsonString() ?? "none"}");
    }

    public JsonObject ToJson() => new() { ["seed"] = Seed };
}
