using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Workers.Tests;

public sealed class SpellTriggerTests : IAsyncLifetime
{
    private const string CountingScript = """(seq (call %init_peer_id% ("getDataSrv" "spell_id") [] spell_id) (call %init_peer_id% (spell_id "set_u32") ["count" 1]))""";

    private readonly TempDirectory _directory = new("fluence-workers");
    private readonly KeyPair _hostKey = KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));
    private SpellPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await SpellPeer.StartAsync(_directory.Path, _hostKey, _time);

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _hostKey.Dispose();
        _directory.Dispose();
    }

    /// <summary>What the counting script does when AquaVM runs it: reads its spell id, then counts in its own KV.</summary>
    private async ValueTask RunCountingScript(Spells.SpellParticle sp, CancellationToken ct)
    {
        var spellId = (await _peer.CallInParticleAsync(sp.Particle, sp.Scope, "getDataSrv", "spell_id")).AssertOk()!.GetValue<string>();
        var count = (await _peer.CallInParticleAsync(sp.Particle, sp.Scope, spellId, "get_u32", "count")).AssertOk()!["value"]!.GetValue<uint>();
        var set = (await _peer.CallInParticleAsync(sp.Particle, sp.Scope, spellId, "set_u32", "count", count + 1)).AssertOk()!;
        Assert.True(set["success"]!.GetValue<bool>(), set["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_spell_with_a_one_second_period_fires_exactly_600_times_in_ten_simulated_minutes()
    {
        _peer.Executor.Script = RunCountingScript;
        var spellId = await _peer.InstallAsync(_peer.HostId, CountingScript, SpellPeer.Clock(_peer.NowSec, period: 1));
        var installedAt = _time.GetUtcNow();

        // The first firing is at the start (now); 599 more follow in the next 599 seconds, the 601st is due at 600 s.
        for (var second = 0; second < 599; second++)
            _time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(999));

        Assert.Equal(600, _peer.Executor.Executed.Count);
        var database = _peer.Storage.GetDatabase(_peer.HostId);
        Assert.Equal(600u, database.GetU32(spellId, "counter").Value);
        Assert.Equal(600u, database.GetU32(spellId, "count").Value);

        var particles = _peer.Executor.Executed.ToArray();
        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"spell_{spellId}_{i}"), particles.Select(p => p.Particle.Id));
        var last = particles[^1].Particle;
        Assert.Equal(_peer.HostId.ToString(), last.InitPeerId);
        Assert.Equal(120_000u, last.Ttl);
        Assert.Equal(CountingScript, last.Script);
        Assert.True(last.Data.IsEmpty);
        Assert.Equal((ulong)(installedAt + TimeSpan.FromSeconds(599)).ToUnixTimeMilliseconds(), last.Timestamp);
        Assert.True(_peer.HostId.Verify(last.GetSignedBytes(), last.Signature.Span), "spell particle must be signed by the scope key");
    }

    [Fact]
    public async Task A_spell_with_an_end_time_stops_firing_at_the_end()
    {
        var start = _peer.NowSec + 5;
        var spellId = await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(start, end: start + 10, period: 2));

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(_peer.Executor.Executed);
        for (var i = 0; i < 60; i++)
            _time.Advance(TimeSpan.FromSeconds(1));

        // start, +2, +4, +6, +8, +10: six firings, none after the end.
        Assert.Equal(6, _peer.Executor.Executed.Count);
        Assert.Equal(6u, _peer.Storage.GetDatabase(_peer.HostId).GetU32(spellId, "counter").Value);
        var trigger = JsonNode.Parse(_peer.Storage.GetDatabase(_peer.HostId).GetString(spellId, "trigger").Value!)!;
        Assert.Equal(start + 10, trigger["timer"]![0]!["timestamp"]!.GetValue<long>());
        Assert.Empty(trigger["peer"]!.AsArray());
    }

    [Fact]
    public async Task A_one_shot_spell_fires_once_and_a_spell_without_clock_never()
    {
        await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(_peer.NowSec + 3));
        await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(0, period: 1));
        for (var i = 0; i < 30; i++)
            _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(_peer.Executor.Executed);
    }

    [Fact]
    public async Task A_start_in_the_past_fires_now()
    {
        await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(1, period: 3600));
        Assert.Single(_peer.Executor.Executed);
    }

    [Fact]
    public async Task A_connection_trigger_fires_on_connect_and_stores_the_peer_event()
    {
        var spellId = await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(0, connect: true));
        using var stranger = KeyPair.Generate();

        _peer.Transport.Raise(stranger.PeerId, connected: false); // not subscribed to disconnects
        _peer.Transport.Raise(stranger.PeerId, connected: true);
        var fired = await _peer.Executor.NextAsync();

        Assert.Equal($"spell_{spellId}_0", fired.Particle.Id);
        var trigger = JsonNode.Parse(_peer.Storage.GetDatabase(_peer.HostId).GetString(spellId, "trigger").Value!)!;
        Assert.Equal(stranger.PeerId.ToString(), trigger["peer"]![0]!["peer_id"]!.GetValue<string>());
        Assert.True(trigger["peer"]![0]!["connected"]!.GetValue<bool>());
        Assert.Single(_peer.Executor.Executed);
    }

    [Fact]
    public async Task A_spell_that_fails_every_time_stores_its_errors_and_keeps_firing()
    {
        _peer.Executor.Script = async (sp, ct) =>
        {
            // What a compiled Aqua spell does in its error handler, then the failure reaches the pipeline.
            var lastError = new JsonObject { ["error_code"] = 10000, ["instruction"] = "call", ["message"] = "service not found", ["peer_id"] = sp.Scope.ToString() };
            (await _peer.CallInParticleAsync(sp.Particle, sp.Scope, "errorHandlingSrv", "error", lastError, 1)).AssertOk();
            throw new InvalidOperationException("script failed");
        };
        var spellId = await _peer.InstallAsync(_peer.HostId, """(call %init_peer_id% ("no-such-service" "f") [])""", SpellPeer.Clock(_peer.NowSec, period: 1));
        for (var i = 0; i < 4; i++)
            _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(5, _peer.Executor.Executed.Count);
        var all = (await _peer.CallAsync(_peer.HostId, _peer.HostId, spellId, "get_all_errors")).AssertOk()!;
        Assert.True(all["success"]!.GetValue<bool>());
        var particles = all["particle_errors"]!.AsArray();
        Assert.Equal(5, particles.Count);
        var first = (await _peer.CallAsync(_peer.HostId, _peer.HostId, spellId, "get_errors", $"spell_{spellId}_0")).AssertOk()!.AsArray();
        Assert.Equal("service not found", first.Single()!["last_error"]!["message"]!.GetValue<string>());
        Assert.Equal(1u, first.Single()!["error_idx"]!.GetValue<uint>());
    }

    [Fact]
    public async Task Updating_the_trigger_config_re_arms_and_an_empty_config_stops_the_spell()
    {
        var spellId = await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(_peer.NowSec, period: 1), alias: "ticker");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _peer.Executor.Executed.Count);

        (await _peer.CallAsync(_peer.HostId, _peer.HostId, "spell", "update_trigger_config", "ticker", SpellPeer.Clock(0))).AssertOk();
        for (var i = 0; i < 10; i++)
            _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _peer.Executor.Executed.Count);
        Assert.False(_peer.Sorcerer.IsSubscribed(_peer.HostId, spellId));

        (await _peer.CallAsync(_peer.HostId, _peer.HostId, "spell", "update_trigger_config", spellId, SpellPeer.Clock(_peer.NowSec + 1))).AssertOk();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, _peer.Executor.Executed.Count);
        var config = (await _peer.CallAsync(_peer.HostId, _peer.HostId, spellId, "get_trigger_config")).AssertOk()!;
        Assert.Equal((uint)_peer.NowSec, config["config"]!["clock"]!["start_sec"]!.GetValue<uint>());
    }

    [Fact]
    public async Task Removing_a_spell_stops_it_and_forgets_its_data()
    {
        var spellId = await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(_peer.NowSec, period: 1), alias: "gone");
        (await _peer.CallAsync(_peer.HostId, _peer.HostId, "spell", "remove", "gone")).AssertOk();
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Single(_peer.Executor.Executed);
        Assert.Empty((await _peer.CallAsync(_peer.HostId, _peer.HostId, "spell", "list")).AssertOk()!.AsArray());
        Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await _peer.CallAsync(_peer.HostId, _peer.HostId, spellId, "get_u32", "counter"));
    }
}
