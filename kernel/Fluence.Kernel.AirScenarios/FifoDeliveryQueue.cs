using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// The oracle simulator's order (aquavm.md §6): every copy and every batch of call results is its own job, run in
/// the order produced; call results come back all at once, or one per job with <c>splitCallResults</c>.
/// </summary>
public sealed class FifoDeliveryQueue(bool splitCallResults) : DeliveryQueue
{
    private readonly Queue<Delivery> _queue = new();

    public override void AddCopy(string peer, ReadOnlyMemory<byte> data) => _queue.Enqueue(new Delivery(peer, data, []));

    public override void AddCallResults(string peer, IReadOnlyList<KeyValuePair<uint, CallServiceResult>> results)
    {
        if (splitCallResults)
        {
            foreach (var result in results)
                _queue.Enqueue(new Delivery(peer, ReadOnlyMemory<byte>.Empty, [result]));
        }
        else
        {
            _queue.Enqueue(new Delivery(peer, ReadOnlyMemory<byte>.Empty, results));
        }
    }

    public override bool TryNext(out Delivery delivery) => _queue.TryDequeue(out delivery!);
}
