using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// A spell's trigger configuration in the shape of the spell Aqua API (<c>TriggerConfig</c> of
/// <c>@fluencelabs/spell</c> <c>spell_service.aqua</c>): clock, connection-pool events and (parsed, never scheduled)
/// blockchain blocks.
/// </summary>
public sealed record TriggerConfig(ClockConfig Clock, ConnectionsConfig Connections, BlockchainConfig Blockchain)
{
    /// <summary>Installed but never triggered.</summary>
    public static TriggerConfig Empty { get; } = new(new ClockConfig(0, 0, 0), new ConnectionsConfig(false, false), new BlockchainConfig(0, 0));

    public bool IsEmpty => Clock.StartSec == 0 && !Connections.Connect && !Connections.Disconnect;

    public JsonObject ToJson() => new()
    {
        ["clock"] = new JsonObject { ["start_sec"] = Clock.StartSec, ["end_sec"] = Clock.EndSec, ["period_sec"] = Clock.PeriodSec },
        ["connections"] = new JsonObject { ["connect"] = Connections.Connect, ["disconnect"] = Connections.Disconnect },
        ["blockchain"] = new JsonObject { ["start_block"] = Blockchain.StartBlock, ["end_block"] = Blockchain.EndBlock },
    };

    /// <summary>Parses the Aqua record; any missing field or wrong type is a <see cref="TriggerConfigException"/> naming the field.</summary>
    public static TriggerConfig Parse(JsonNode? node)
    {
        var root = AsObject(node, "trigger config");
        var clock = AsObject(root["clock"], "clock");
        var connections = AsObject(root["connections"], "connections");
        var blockchain = AsObject(root["blockchain"], "blockchain");
        return new TriggerConfig(
            new ClockConfig(U32(clock, "clock", "start_sec"), U32(clock, "clock", "end_sec"), U32(clock, "clock", "period_sec")),
            new ConnectionsConfig(Bool(connections, "connections", "connect"), Bool(connections, "connections", "disconnect")),
            new BlockchainConfig(U32(blockchain, "blockchain", "start_block"), U32(blockchain, "blockchain", "end_block")));
    }

    public static TriggerConfig ParseJson(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TriggerConfigException($"trigger config is not valid JSON: {e.Message}");
        }
        return Parse(node);
    }

    private static JsonObject AsObject(JsonNode? node, string what) =>
        node as JsonObject ?? throw new TriggerConfigException($"invalid trigger config: {what} must be an object, got {Shape(node)}");

    private static uint U32(JsonObject parent, string section, string field)
    {
        if (!parent.TryGetPropertyValue(field, out var node))
            throw new TriggerConfigException($"invalid trigger config: {section}.{field} is missing");
        if (Builtins.JsonNumbers.TryGetInteger(node, out var integer) && integer is >= 0 and <= uint.MaxValue)
            return (uint)integer;
        throw new TriggerConfigException($"invalid trigger config: {section}.{field} must be a u32, got {Shape(node)}");
    }

    private static bool Bool(JsonObject parent, string section, string field)
    {
        if (!parent.TryGetPropertyValue(field, out var node))
            throw new TriggerConfigException($"invalid trigger config: {section}.{field} is missing");
        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return value.GetValue<bool>();
        throw new TriggerConfigException($"invalid trigger config: {section}.{field} must be a bool, got {Shape(node)}");
    }

    private static string Shape(JsonNode? node)
    {
        if (node is null)
            return "null";
        var text = node.ToJsonString();
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}

/// <param name="StartSec">Unix seconds of the first firing; 0 = no clock trigger (the other fields are ignored).</param>
/// <param name="EndSec">Unix seconds after which it stops; 0 = forever.</param>
/// <param name="PeriodSec">0 = one-shot at the start.</param>
public sealed record ClockConfig(uint StartSec, uint EndSec, uint PeriodSec);

public sealed record ConnectionsConfig(bool Connect, bool Disconnect);

public sealed record BlockchainConfig(uint StartBlock, uint EndBlock);

/// <summary>A trigger config that is malformed or cannot be scheduled; the message is for the caller.</summary>
public sealed class TriggerConfigException(string message) : Exception(message);
