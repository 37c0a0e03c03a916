using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.AirScenarios;

/// <summary>One invocation's input besides the peer's prev_data: a particle copy's data (empty when only call results come back) and call results.</summary>
public sealed record Delivery(string Peer, ReadOnlyMemory<byte> Data, IReadOnlyList<KeyValuePair<uint, CallServiceResult>> CallResults);

/// <summary>
/// The simulated network's pending work: particle copies sent to a peer and call results answered for it, handed out
/// as invocations in the order the scenario's <see cref="ScenarioDelivery"/> asks for.
/// </summary>
public abstract class DeliveryQueue
{
    /// <summary>FIFO when the scenario has no <c>delivery</c> field, else the seeded order.</summary>
    public static DeliveryQueue For(AirScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Delivery is { } delivery ? new ShuffledDeliveryQueue(delivery.Seed) : new FifoDeliveryQueue(scenario.SplitCallResults);
    }

    public abstract void AddCopy(string peer, ReadOnlyMemory<byte> data);

    /// <summary>The answers to one invocation's call requests, by ascending id.</summary>
    public abstract void AddCallResults(string peer, IReadOnlyList<KeyValuePair<uint, CallServiceResult>> results);

    /// <summary>The next invocation's input, or false when nothing is pending.</summary>
    public abstract bool TryNext(out Delivery delivery);
}
