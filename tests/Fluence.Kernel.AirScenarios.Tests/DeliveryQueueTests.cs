using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.AirScenarios.Tests;

/// <summary>
/// The orders the runner delivers pending work in: first in, first out without a <c>delivery</c> field, and the seeded
/// network order with one (every copy and call result exactly once, reproducible from the seed).
/// </summary>
public sealed class DeliveryQueueTests
{
    private static KeyValuePair<uint, CallServiceResult> Result(uint id) => KeyValuePair.Create(id, new CallServiceResult(0, id.ToString()));

    private static ReadOnlyMemory<byte> Copy(int n) => new[] { (byte)n };

    private static string Describe(Delivery d) =>
        $"{d.Peer}:{(d.Data.IsEmpty ? "-" : d.Data.Span[0].ToString())}:{string.Join(",", d.CallResults.Select(r => r.Key))}";

    /// <summary>Runs a little network: each delivery may add copies and results, as invocations do.</summary>
    private static List<Delivery> Drain(DeliveryQueue queue)
    {
        var deliveries = new List<Delivery>();
        queue.AddCopy("A", Copy(1));
        queue.AddCallResults("A", [Result(1), Result(2), Result(3)]);
        queue.AddCopy("B", Copy(2));
        queue.AddCopy("A", Copy(3));
        queue.AddCallResults("B", [Result(4)]);
        while (queue.TryNext(out var delivery))
        {
            deliveries.Add(delivery);
            if (deliveries.Count == 2)
            {
                queue.AddCopy("A", Copy(4));
                queue.AddCallResults("A", [Result(5), Result(6)]);
            }
        }
        return deliveries;
    }

    [Theory]
    [InlineData(false, new[] { "A:1:", "A:-:1,2,3", "B:2:", "A:3:", "B:-:4", "A:4:", "A:-:5,6" })]
    [InlineData(true, new[] { "A:1:", "A:-:1", "A:-:2", "A:-:3", "B:2:", "A:3:", "B:-:4", "A:4:", "A:-:5", "A:-:6" })]
    public void Without_a_delivery_field_work_runs_first_in_first_out(bool split, string[] expected)
    {
        var queue = DeliveryQueue.For(AirScenario.Parse($$"""{"air": "(null)", "peers": ["A"], "splitCallResults": {{(split ? "true" : "false")}}}"""));

        Assert.IsType<FifoDeliveryQueue>(queue);
        Assert.Equal(expected, Drain(queue).Select(Describe));
    }

    [Fact]
    public void A_delivery_seed_gives_the_same_order_every_time()
    {
        var scenario = AirScenario.Parse("""{"air": "(null)", "peers": ["A"], "delivery": {"seed": 17}}""");

        var first = Drain(DeliveryQueue.For(scenario)).Select(Describe).ToList();
        var second = Drain(DeliveryQueue.For(scenario)).Select(Describe).ToList();

        Assert.IsType<ShuffledDeliveryQueue>(DeliveryQueue.For(scenario));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Every_copy_and_every_call_result_is_delivered_once_to_its_peer_under_every_seed()
    {
        for (int seed = 1; seed <= 300; seed++)
        {
            var deliveries = Drain(new ShuffledDeliveryQueue(seed));

            var copies = deliveries.Where(d => !d.Data.IsEmpty).Select(d => $"{d.Peer}{d.Data.Span[0]}").Order().ToList();
            var results = deliveries.SelectMany(d => d.CallResults.Select(r => $"{d.Peer}{r.Key}")).Order().ToList();
            Assert.Equal(["A1", "A3", "A4", "B2"], copies);
            Assert.Equal(["A1", "A2", "A3", "A5", "A6", "B4"], results);
            Assert.All(deliveries, d => Assert.True(!d.Data.IsEmpty || d.CallResults.Count > 0, $"seed {seed}: an empty delivery"));
        }
    }

    [Fact]
    public void Seeds_reorder_regroup_and_coalesce_what_fifo_delivers_apart()
    {
        var runs = Enumerable.Range(1, 300).Select(seed => Drain(new ShuffledDeliveryQueue(seed))).ToList();

        // A later copy overtakes an earlier one; results come one at a time, in part, or together; results out of id order.
        Assert.Contains(runs, r => r.FindIndex(d => d.Data.Span is [3]) < r.FindIndex(d => d.Data.Span is [1]));
        Assert.Contains(runs, r => r.Any(d => d.CallResults.Count == 1 && d.CallResults[0].Key <= 3));
        Assert.Contains(runs, r => r.Any(d => d.CallResults.Count == 2 && d.CallResults.All(x => x.Key <= 3)));
        Assert.Contains(runs, r => r.Any(d => d.CallResults.Select(x => x.Key).SequenceEqual([3u, 2u, 1u])));
        // A copy and call results in one invocation, as Nox runs a copy that arrives while results wait.
        Assert.Contains(runs, r => r.Any(d => !d.Data.IsEmpty && d.CallResults.Count > 0));
    }

    [Fact]
    public void A_call_id_pending_twice_for_a_peer_goes_into_separate_invocations()
    {
        for (int seed = 1; seed <= 100; seed++)
        {
            var queue = new ShuffledDeliveryQueue(seed);
            queue.AddCallResults("A", [Result(1)]);
            queue.AddCallResults("A", [Result(1), Result(2)]);

            var deliveries = new List<Delivery>();
            while (queue.TryNext(out var delivery))
                deliveries.Add(delivery);

            Assert.All(deliveries, d => Assert.Equal(d.CallResults.Count, d.CallResults.Select(r => r.Key).Distinct().Count()));
            Assert.Equal(3, deliveries.Sum(d => d.CallResults.Count));
        }
    }
}
