using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// A seeded network order (<see cref="ScenarioDelivery"/>): each step picks one pending item (a copy or a single call
/// result) at random and delivers it to its peer together with a random group of that peer's other pending call
/// results (none, some or all, shuffled) and, sometimes, one of its pending copies. Every item is delivered exactly
/// once; the same seed and the same additions give the same deliveries.
/// </summary>
public sealed class ShuffledDeliveryQueue(int seed) : DeliveryQueue
{
    private readonly Random _random = new(seed);
    private readonly List<(string Peer, ReadOnlyMemory<byte> Data)> _copies = [];
    private readonly List<(string Peer, KeyValuePair<uint, CallServiceResult> Result)> _results = [];

    public override void AddCopy(string peer, ReadOnlyMemory<byte> data) => _copies.Add((peer, data));

    public override void AddCallResults(string peer, IReadOnlyList<KeyValuePair<uint, CallServiceResult>> results)
    {
        foreach (var result in results)
            _results.Add((peer, result));
    }

    public override bool TryNext(out Delivery delivery)
    {
        int pending = _copies.Count + _results.Count;
        if (pending == 0)
        {
            delivery = null!;
            return false;
        }
        int pick = _random.Next(pending);
        string peer;
        ReadOnlyMemory<byte> data = ReadOnlyMemory<byte>.Empty;
        var results = new List<KeyValuePair<uint, CallServiceResult>>();
        if (pick < _copies.Count)
        {
            (peer, data) = _copies[pick];
            _copies.RemoveAt(pick);
            // Nox hands results that arrived meanwhile to the run of a new copy.
            if (_random.Next(3) == 0)
                TakeResults(peer, results, first: -1);
        }
        else
        {
            pick -= _copies.Count;
            peer = _results[pick].Peer;
            TakeResults(peer, results, first: pick);
            if (_random.Next(4) == 0)
            {
                var copies = Enumerable.Range(0, _copies.Count).Where(i => _copies[i].Peer == peer).ToList();
                if (copies.Count > 0)
                {
                    int copy = copies[_random.Next(copies.Count)];
                    data = _copies[copy].Data;
                    _copies.RemoveAt(copy);
                }
            }
        }
        Shuffle(results);
        delivery = new Delivery(peer, data, results);
        return true;
    }

    /// <summary>
    /// Moves a group of <paramref name="peer"/>'s pending results into <paramref name="taken"/>: the one at
    /// <paramref name="first"/> (if not -1) plus none, all, or each of the others with even odds.
    /// </summary>
    private void TakeResults(string peer, List<KeyValuePair<uint, CallServiceResult>> taken, int first)
    {
        var mine = Enumerable.Range(0, _results.Count).Where(i => _results[i].Peer == peer && i != first).ToList();
        var chosen = new List<int>();
        if (first >= 0)
            chosen.Add(first);
        switch (_random.Next(3))
        {
            case 0:
                if (first < 0 && mine.Count > 0)
                    chosen.Add(mine[_random.Next(mine.Count)]);
                break;
            case 1:
                chosen.AddRange(mine);
                break;
            default:
                chosen.AddRange(mine.Where(_ => _random.Next(2) == 0));
                break;
        }
        // A peer whose failed invocation was not kept may ask again under an id still pending: one per invocation.
        var keys = new HashSet<uint>();
        chosen = chosen.Where(i => keys.Add(_results[i].Result.Key)).ToList();
        chosen.Sort();
        foreach (var i in chosen)
            taken.Add(_results[i].Result);
        for (int i = chosen.Count - 1; i >= 0; i--)
            _results.RemoveAt(chosen[i]);
    }

    private void Shuffle(List<KeyValuePair<uint, CallServiceResult>> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
