using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// One particle's journey as the AquaVM oracle describes it (aquavm.md §6): the script (with <c>{{PEER}}</c>
/// placeholders for peer ids), the named peers, the initiator, the service table and the particle's parameters.
/// </summary>
/// <param name="Air">The script as written; <see cref="ScenarioRunner"/> substitutes the placeholders.</param>
/// <param name="Init">The peer that starts the particle (its id is <c>%init_peer_id%</c>).</param>
/// <param name="SplitCallResults">Feed each call result in its own invocation (js-client) instead of one batch.</param>
/// <param name="Delivery">The order pending work is delivered in (<see cref="ScenarioDelivery"/>); null = first in, first out.</param>
/// <param name="StoreDataOnError">Keep an invocation's data as the peer's prev_data even when its ret_code is not 0.</param>
/// <param name="Expect">The scenario's <c>expect</c> object, or null.</param>
public sealed record AirScenario(
    string Air,
    IReadOnlyList<string> Peers,
    string Init,
    ServiceTable Services,
    string ParticleId = AirScenario.DefaultParticleId,
    ulong Timestamp = AirScenario.DefaultTimestamp,
    uint Ttl = AirScenario.DefaultTtl,
    bool SplitCallResults = false,
    bool StoreDataOnError = true,
    ScenarioExpectation? Expect = null,
    ScenarioDelivery? Delivery = null)
{
    public const string DefaultParticleId = "particle-1";
    public const ulong DefaultTimestamp = 1_700_000_000_000;
    public const uint DefaultTtl = 120_000;

    private static readonly HashSet<string> KnownFields =
        ["air", "peers", "init", "services", "particleId", "timestamp", "ttl", "splitCallResults", "storeDataOnError", "delivery", "expect", "name", "description"];

    /// <summary>Reads a scenario file.</summary>
    /// <exception cref="AirScenarioException"/>
    public static AirScenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AirScenarioException($"{path}: {ex.Message}");
        }
        return Parse(text);
    }

    /// <exception cref="AirScenarioException"/>
    public static AirScenario Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new AirScenarioException($"the scenario is not valid JSON: {ex.Message}");
        }
        return FromJson(root as JsonObject ?? throw new AirScenarioException("a scenario is a JSON object"));
    }

    /// <exception cref="AirScenarioException"/>
    public static AirScenario FromJson(JsonObject scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        foreach (var (key, _) in scenario)
        {
            if (!KnownFields.Contains(key))
                throw new AirScenarioException($"unknown scenario field '{key}' (known: {string.Join(", ", KnownFields)})");
        }
        var air = String(scenario, "air") ?? throw new AirScenarioException("the scenario has no 'air' script");
        if (scenario["peers"] is not JsonArray peerArray || peerArray.Count == 0)
            throw new AirScenarioException("'peers' must be a non-empty array of peer names");
        var peers = new List<string>();
        foreach (var node in peerArray)
        {
            var name = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new AirScenarioException($"peer name {node?.ToJsonString() ?? "null"} must be a non-empty word (letters, digits, '_')");
            if (peers.Contains(name))
                throw new AirScenarioException($"peer '{name}' is listed twice");
            peers.Add(name);
        }
        var init = String(scenario, "init") ?? peers[0];
        if (!peers.Contains(init))
            throw new AirScenarioException($"'init' names '{init}', which is not one of the peers ({string.Join(", ", peers)})");
        var services = scenario["services"] switch
        {
            null => ServiceTable.Empty,
            JsonObject table => ServiceTable.FromJson(table),
            _ => throw new AirScenarioException("'services' must be an object mapping service keys to specs"),
        };
        return new AirScenario(air, peers, init, services,
            String(scenario, "particleId") ?? DefaultParticleId,
            Number<ulong>(scenario, "timestamp") ?? DefaultTimestamp,
            Number<uint>(scenario, "ttl") ?? DefaultTtl,
            Boolean(scenario, "splitCallResults") ?? false,
            Boolean(scenario, "storeDataOnError") ?? true,
            scenario["expect"] switch
            {
                null => null,
                JsonObject expect => ScenarioExpectation.FromJson(expect),
                _ => throw new AirScenarioException("'expect' must be an object, e.g. {\"results\": […]}"),
            },
            scenario["delivery"] switch
            {
                null => null,
                JsonObject delivery => ScenarioDelivery.FromJson(delivery),
                _ => throw new AirScenarioException("'delivery' must be an object, e.g. {\"seed\": 7}"),
            });
    }

    private static string? String(JsonObject o, string key) => o[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new AirScenarioException($"'{key}' must be a string, not {other.ToJsonString()}"),
    };

    private static bool? Boolean(JsonObject o, string key) => o[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        var other => throw new AirScenarioException($"'{key}' must be true or false, not {other.ToJsonString()}"),
    };

    private static T? Number<T>(JsonObject o, string key) where T : struct
    {
        var node = o[key];
        if (node is null)
            return null;
        if (node is JsonValue v && node.GetValueKind() == JsonValueKind.Number)
        {
            try
            {
                return v.GetValue<T>();
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException)
            {
            }
        }
        throw new AirScenarioException($"'{key}' must be a non-negative integer in range for {typeof(T).Name}, not {node.ToJsonString()}");
    }
}
