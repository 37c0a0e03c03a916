using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios;

/// <summary>What the service table's answers share within one run: captured results and sequence counters.</summary>
internal sealed class ServiceCallContext
{
    private readonly Dictionary<string, int> _sequenceCounters = new(StringComparer.Ordinal);

    public List<JsonNode?> Results { get; } = [];

    public int NextSequenceIndex(string key)
    {
        var index = _sequenceCounters.GetValueOrDefault(key);
        _sequenceCounters[key] = index + 1;
        return index;
    }
}
