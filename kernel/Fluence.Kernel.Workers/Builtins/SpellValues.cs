using System.Text.Json.Nodes;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary>The result records of <c>spell_service.aqua</c> (<c>@fluencelabs/spell</c> 0.7.6): each carries <c>success</c> and <c>error</c>.</summary>
internal static class SpellValues
{
    public static JsonObject Unit(string? error = null) => new() { ["success"] = error is null, ["error"] = error ?? "" };

    public static JsonObject String(KvLookup<string> lookup) =>
        new() { ["value"] = lookup.Value ?? "", ["success"] = true, ["error"] = "", ["absent"] = !lookup.Present };

    public static JsonObject StringError(string error) =>
        new() { ["value"] = "", ["success"] = false, ["error"] = error, ["absent"] = false };

    public static JsonObject U32(KvLookup<uint> lookup) =>
        new() { ["value"] = lookup.Value, ["success"] = true, ["error"] = "", ["absent"] = !lookup.Present };

    public static JsonObject U32Error(string error) =>
        new() { ["value"] = 0u, ["success"] = false, ["error"] = error, ["absent"] = false };

    public static JsonObject Bool(bool value) => new() { ["value"] = value, ["success"] = true, ["error"] = "" };

    public static JsonObject Value(string value) => new() { ["value"] = value, ["success"] = true, ["error"] = "" };

    public static JsonObject ValueError(string error) => new() { ["value"] = "", ["success"] = false, ["error"] = error };

    public static JsonObject StringList(IEnumerable<string> values) =>
        new() { ["value"] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()), ["success"] = true, ["error"] = "" };

    public static JsonObject StringListError(string error) => new() { ["value"] = new JsonArray(), ["success"] = false, ["error"] = error };

    public static JsonObject TriggerConfigValue(TriggerConfig config) => new() { ["config"] = config.ToJson(), ["success"] = true, ["error"] = "" };

    public static JsonObject Logs(IEnumerable<SpellLog> logs) => new()
    {
        ["logs"] = new JsonArray(logs.Select(l => (JsonNode?)new JsonObject { ["timestamp"] = l.Timestamp, ["message"] = l.Message }).ToArray()),
        ["success"] = true,
        ["error"] = "",
    };

    public static JsonObject Mailbox(IEnumerable<MailboxMessage> messages) => new()
    {
        ["messages"] = new JsonArray(messages.Select(m => (JsonNode?)Message(m)).ToArray()),
        ["success"] = true,
        ["error"] = "",
    };

    public static JsonObject PopMailbox(MailboxMessage? message, string? error = null) => new()
    {
        ["message"] = message is null ? new JsonArray() : new JsonArray(Message(message)),
        ["success"] = error is null,
        ["absent"] = error is null && message is null,
        ["error"] = error ?? "",
    };

    public static JsonArray ErrorEntries(IEnumerable<LastErrorEntry> entries) =>
        new(entries.Select(e => (JsonNode?)ErrorEntry(e)).ToArray());

    public static JsonObject AllErrors(IEnumerable<ParticleErrors> errors) => new()
    {
        ["particle_errors"] = new JsonArray(errors.Select(p => (JsonNode?)new JsonObject
        {
            ["particle_id"] = p.ParticleId,
            ["errors"] = ErrorEntries(p.Errors),
        }).ToArray()),
        ["success"] = true,
        ["error"] = "",
    };

    private static JsonObject Message(MailboxMessage m) =>
        new() { ["init_peer_id"] = m.InitPeerId, ["timestamp"] = m.Timestamp, ["message"] = m.Message };

    private static JsonObject ErrorEntry(LastErrorEntry e) => new()
    {
        ["last_error"] = new JsonObject
        {
            ["error_code"] = e.LastError.ErrorCode,
            ["instruction"] = e.LastError.Instruction,
            ["message"] = e.LastError.Message,
            ["peer_id"] = e.LastError.PeerId,
        },
        ["error_idx"] = e.ErrorIdx,
    };
}
