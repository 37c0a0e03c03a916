using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;

namespace Fluence.Cli.Local;

/// <summary>
/// What a script sent by <c>fluence local run</c> can read about the network: <c>{{PEER_1}}</c> … <c>{{PEER_N}}</c> in
/// its text (PEER_1 is the relay), and through <c>getDataSrv</c> the array <c>peers</c> (every peer but the relay) plus
/// each field of the <c>--data</c> object (<c>-relay-</c> is served by the client itself).
/// </summary>
internal static class ScriptInputs
{
    public static string SubstitutePeers(string air, IReadOnlyList<PeerId> peers)
    {
        // Highest numbers first so that {{PEER_1}} never matches inside {{PEER_10}}.
        for (int i = peers.Count; i >= 1; i--)
            air = air.Replace($"{{{{PEER_{i}}}}}", peers[i - 1].ToString(), StringComparison.Ordinal);
        return air;
    }

    /// <exception cref="FormatException"><paramref name="dataJson"/> is not a JSON object.</exception>
    public static Dictionary<string, JsonNode?> Data(IReadOnlyList<PeerId> peers, string? dataJson)
    {
        var data = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["peers"] = new JsonArray(peers.Skip(1).Select(p => (JsonNode?)JsonValue.Create(p.ToString())).ToArray()),
        };
        if (string.IsNullOrWhiteSpace(dataJson))
            return data;
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(dataJson);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"--data is not valid JSON: {ex.Message}");
        }
        if (parsed is not JsonObject fields)
            throw new FormatException("--data must be a JSON object whose fields the script reads with getDataSrv");
        foreach (var (name, value) in fields)
            data[name] = value?.DeepClone();
        return data;
    }
}
