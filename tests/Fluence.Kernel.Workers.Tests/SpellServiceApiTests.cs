using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Workers.Tests;

public sealed class SpellServiceApiTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("fluence-workers");
    private readonly KeyPair _hostKey = KeyPair.Generate();
    private readonly KeyPair _stranger = KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));
    private SpellPeer _peer = null!;
    private PeerId _worker = null!;
    private string _spell = null!;

    public async Task InitializeAsync()
    {
        _peer = await SpellPeer.StartAsync(_directory.Path, _hostKey, _time);
        _worker = await _peer.CreateWorkerAsync("deal");
        _spell = await _peer.InstallAsync(_worker, "(null)", SpellPeer.Clock(0),
            new JsonObject { ["number"] = 7, ["text"] = "seven", ["nested"] = new JsonObject { ["a"] = new JsonArray(1, "b") } }, "api");
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _hostKey.Dispose();
        _stranger.Dispose();
        _directory.Dispose();
    }

    private Task<FunctionOutcome> AsSpell(string function, params JsonNode?[] args) =>
        _peer.CallWithParticleIdAsync(_worker, _worker, $"spell_{_spell}_0", _spell, function, args);

    private Task<FunctionOutcome> As(PeerId initPeer, string function, params JsonNode?[] args) =>
        _peer.CallAsync(_worker, initPeer, "api", function, args);

    [Fact]
    public async Task Init_args_are_stored_as_json_text_and_read_back_through_get_data_srv()
    {
        Assert.Equal("7", (await AsSpell("get_string", "number")).AssertOk()!["value"]!.GetValue<string>());
        Assert.Equal("\"seven\"", (await AsSpell("get_string", "text")).AssertOk()!["value"]!.GetValue<string>());

        var particleId = $"spell_{_spell}_3";
        Assert.Equal(7, (await _peer.CallWithParticleIdAsync(_worker, _worker, particleId, "getDataSrv", "number")).AssertOk()!.GetValue<int>());
        Assert.Equal("b", (await _peer.CallWithParticleIdAsync(_worker, _worker, particleId, "getDataSrv", "nested")).AssertOk()!["a"]![1]!.GetValue<string>());
        Assert.Equal(_spell, (await _peer.CallWithParticleIdAsync(_worker, _worker, particleId, "getDataSrv", "spell_id")).AssertOk()!.GetValue<string>());
        Assert.Equal(_peer.HostId.ToString(), (await _peer.CallWithParticleIdAsync(_worker, _worker, particleId, "getDataSrv", "-relay-")).AssertOk()!.GetValue<string>());
        Assert.Contains("value not found", (await _peer.CallWithParticleIdAsync(_worker, _worker, particleId, "getDataSrv", "missing")).AssertError());

        // Not a spell particle of this scope: getDataSrv is not ours to answer.
        Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await _peer.CallAsync(_worker, _worker, "getDataSrv", "number"));
        Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await _peer.CallWithParticleIdAsync(_worker, _stranger.PeerId, particleId, "getDataSrv", "number"));
        Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await _peer.CallWithParticleIdAsync(_peer.HostId, _peer.HostId, particleId, "getDataSrv", "number"));
    }

    [Fact]
    public async Task Callback_response_fields_land_in_the_spell_kv()
    {
        var particleId = $"spell_{_spell}_1";
        (await _peer.CallWithParticleIdAsync(_worker, _worker, particleId, "callbackSrv", "response", new JsonObject { ["result"] = "done", ["n"] = 2 })).AssertOk();
        Assert.Equal("\"done\"", (await As(_stranger.PeerId, "get_string", "result")).AssertOk()!["value"]!.GetValue<string>());
        Assert.Equal(2, (await _peer.CallWithParticleIdAsync(_worker, _worker, particleId, "getDataSrv", "n")).AssertOk()!.GetValue<int>());
        Assert.Contains("must be a JSON object", (await _peer.CallWithParticleIdAsync(_worker, _worker, particleId, "callbackSrv", "response", 5)).AssertError());
    }

    [Fact]
    public async Task Strings_and_u32_values_have_the_spell_service_shapes()
    {
        var absent = (await AsSpell("get_string", "nothing")).AssertOk()!;
        Assert.True(absent["success"]!.GetValue<bool>());
        Assert.True(absent["absent"]!.GetValue<bool>());
        Assert.Equal("", absent["value"]!.GetValue<string>());

        Assert.True((await AsSpell("set_u32", "n", 42)).AssertOk()!["success"]!.GetValue<bool>());
        var n = (await AsSpell("get_u32", "n")).AssertOk()!;
        Assert.Equal(42u, n["value"]!.GetValue<uint>());
        Assert.False(n["absent"]!.GetValue<bool>());
        // A key holds one type: the u32 is absent as a string.
        Assert.True((await AsSpell("get_string", "n")).AssertOk()!["absent"]!.GetValue<bool>());

        (await AsSpell("set_string", "empty", "")).AssertOk();
        var empty = (await AsSpell("get_string", "empty")).AssertOk()!;
        Assert.False(empty["absent"]!.GetValue<bool>());

        Assert.True((await AsSpell("exists", "n")).AssertOk()!["value"]!.GetValue<bool>());
        (await AsSpell("remove_key", "n")).AssertOk();
        Assert.False((await AsSpell("exists", "n")).AssertOk()!["value"]!.GetValue<bool>());
        Assert.Contains("must be a u32", (await AsSpell("set_u32", "n", -1)).AssertError());
    }

    [Fact]
    public async Task Lists_push_pop_remove_in_order()
    {
        foreach (var value in new[] { "a", "b", "a", "c" })
            (await AsSpell("list_push_string", "l", value)).AssertOk();
        (await AsSpell("list_remove_string", "l", "a")).AssertOk();
        Assert.Equal(["b", "c"], (await AsSpell("list_get_strings", "l")).AssertOk()!["value"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("c", (await AsSpell("list_pop_string", "l")).AssertOk()!["value"]!.GetValue<string>());
        Assert.Equal("b", (await AsSpell("list_pop_string", "l")).AssertOk()!["value"]!.GetValue<string>());
        Assert.True((await AsSpell("list_pop_string", "l")).AssertOk()!["absent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Kv_writes_follow_the_key_prefix_rules()
    {
        bool Ok(JsonNode? r) => r!["success"]!.GetValue<bool>();
        Assert.True(Ok((await As(_peer.HostId, "set_string", "h_key", "v")).AssertOk()));
        Assert.True(Ok((await As(_peer.HostId, "set_string", "hw_key", "v")).AssertOk()));
        Assert.False(Ok((await As(_peer.HostId, "set_string", "w_key", "v")).AssertOk()));
        Assert.True(Ok((await As(_worker, "set_string", "w_key", "v")).AssertOk()));
        Assert.False(Ok((await As(_worker, "set_string", "h_key", "v")).AssertOk()));
        Assert.False(Ok((await As(_worker, "set_u32", "counter", 0)).AssertOk()));
        var denied = (await As(_stranger.PeerId, "set_string", "hw_key", "v")).AssertOk()!;
        Assert.False(Ok(denied));
        Assert.Contains("forbidden for any outside caller", denied["error"]!.GetValue<string>());
        Assert.False(Ok((await As(_stranger.PeerId, "set_json_fields", """{"hw_x":1}""")).AssertOk()));
        Assert.False(Ok((await As(_peer.HostId, "remove_key", "text")).AssertOk()));
        Assert.True(Ok((await AsSpell("set_json_fields", """{"anything":[1]}""")).AssertOk()));
        Assert.Contains("JSON object", (await AsSpell("set_json_fields", "[1]")).AssertOk()!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logs_errors_and_mailbox_pops_belong_to_the_spell_itself()
    {
        Assert.False((await As(_worker, "store_log", "not me")).AssertOk()!["success"]!.GetValue<bool>());
        (await AsSpell("store_log", "first")).AssertOk();
        (await AsSpell("store_log", "second")).AssertOk();
        Assert.Equal(["first", "second"], (await As(_stranger.PeerId, "get_logs")).AssertOk()!["logs"]!.AsArray().Select(l => l!["message"]!.GetValue<string>()));

        var lastError = new JsonObject { ["error_code"] = 1, ["instruction"] = "(null)", ["message"] = "boom", ["peer_id"] = "p" };
        Assert.Contains("only by the associated spell", (await As(_peer.HostId, "store_error", lastError, 0, 1)).AssertOk()!["error"]!.GetValue<string>());
        (await AsSpell("store_error", lastError, 3, 1)).AssertOk();
        var errors = (await As(_peer.HostId, "get_errors", $"spell_{_spell}_0")).AssertOk()!.AsArray();
        Assert.Equal(3u, errors.Single()!["error_idx"]!.GetValue<uint>());

        (await As(_stranger.PeerId, "push_mailbox", "hello")).AssertOk();
        (await As(_stranger.PeerId, "push_mailbox", "world")).AssertOk();
        var mailbox = (await As(_peer.HostId, "get_mailbox")).AssertOk()!["messages"]!.AsArray();
        Assert.Equal(["world", "hello"], mailbox.Select(m => m!["message"]!.GetValue<string>()));
        Assert.Equal(_stranger.PeerId.ToString(), mailbox[0]!["init_peer_id"]!.GetValue<string>());
        Assert.False((await As(_worker, "pop_mailbox")).AssertOk()!["success"]!.GetValue<bool>());
        var popped = (await AsSpell("pop_mailbox")).AssertOk()!;
        Assert.Equal("world", popped["message"]![0]!["message"]!.GetValue<string>());
        Assert.False(popped["absent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Script_and_trigger_config_are_readable_by_all_and_set_by_the_owner()
    {
        Assert.Equal("(null)", (await As(_stranger.PeerId, "get_script")).AssertOk()!["value"]!.GetValue<string>());
        Assert.Equal("bafkreibiotlyad7mvyqiit3ie2ljecziknctzuzmi7qtmktxmib5aiu3cq", (await As(_stranger.PeerId, "script_cid")).AssertOk()!["value"]!.GetValue<string>());
        Assert.Equal("Only owner of the service can set the script", (await As(_peer.HostId, "set_script", "(seq (null) (null))")).AssertOk()!["error"]!.GetValue<string>());
        Assert.True((await As(_worker, "set_script", "(seq (null) (null))")).AssertOk()!["success"]!.GetValue<bool>());
        Assert.Equal("(seq (null) (null))", (await As(_stranger.PeerId, "get_script")).AssertOk()!["value"]!.GetValue<string>());
        var config = (await As(_stranger.PeerId, "get_trigger_config")).AssertOk()!;
        Assert.True(config["success"]!.GetValue<bool>());
        Assert.False(config["config"]!["connections"]!["connect"]!.GetValue<bool>());
        Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await As(_peer.HostId, "no_such_function"));
    }
}
