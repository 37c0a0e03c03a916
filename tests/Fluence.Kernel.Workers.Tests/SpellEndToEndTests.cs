using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Testing;
using Fluence.Kernel.Workers.Spells;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>
/// Spells as a peer runs them: fired by the scheduler plugin on a fake clock, executed by the particle pipeline on
/// the real AquaVM, their calls answered by the real builtins and spell KV.
/// </summary>
public sealed class SpellEndToEndTests(AquaVmFixture aquaVm) : IClassFixture<AquaVmFixture>, IAsyncLifetime
{
    /// <summary>What Aqua compiles a counter to: read the KV, add one with <c>math.add</c> through a lens, write it back.</summary>
    private const string CountingScript = """
        (seq
            (seq
                (call %init_peer_id% ("getDataSrv" "spell_id") [] spell_id)
                (call %init_peer_id% (spell_id "get_u32") ["value"] got))
            (seq
                (call %init_peer_id% ("math" "add") [got.$.value 1] incremented)
                (call %init_peer_id% (spell_id "set_u32") ["value" incremented])))
        """;

    private const string FailingScript = """
        (xor
            (call %init_peer_id% ("no-such-service" "f") [])
            (call %init_peer_id% ("errorHandlingSrv" "error") [%last_error% 1]))
        """;

    private readonly TempDirectory _directory = new("workers-e2e");
    private readonly KeyPair _hostKey = KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private PipelinePeer _peer = null!;

    public async Task InitializeAsync() => _peer = await PipelinePeer.StartAsync(_hostKey, _directory.Path, _time, aquaVm.Interpreter);

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _hostKey.Dispose();
        _directory.Dispose();
    }

    private static TriggerConfig Clock(long start, long end = 0, long period = 0) =>
        TriggerConfig.Empty with { Clock = new ClockConfig((uint)start, (uint)end, (uint)period) };

    [Fact]
    public async Task A_counting_spell_with_a_one_second_period_counts_600_in_ten_simulated_minutes()
    {
        var spellId = _peer.Sorcerer.Install(_peer.HostId, CountingScript, new JsonObject(), Clock(_peer.NowSec, period: 1), null);
        var database = _peer.Storage.GetDatabase(_peer.HostId);

        // One firing now and one per simulated second; each one's particle finishes before the clock moves on.
        for (var firing = 1; firing <= 600; firing++)
        {
            await _peer.Eventually(() => database.GetU32(spellId, "value").Value == firing, $"firing {firing} to count");
            if (firing < 600)
                _time.Advance(TimeSpan.FromSeconds(1));
        }
        _time.Advance(TimeSpan.FromMilliseconds(999));

        Assert.Equal(600u, database.GetU32(spellId, "counter").Value);
        Assert.Equal(600u, database.GetU32(spellId, "value").Value);
        Assert.Empty(database.GetAllErrors(spellId));
    }

    [Fact]
    public async Task A_counting_spell_with_an_end_time_fires_from_start_to_end_and_never_after()
    {
        var start = _peer.NowSec + 5;
        var spellId = _peer.Sorcerer.Install(_peer.HostId, CountingScript, new JsonObject(), Clock(start, end: start + 10, period: 2), null);
        var database = _peer.Storage.GetDatabase(_peer.HostId);

        var expected = 0u;
        for (var second = 1; second <= 60; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            if (second >= 5 && second <= 15 && (second - 5) % 2 == 0)
                expected++;
            await _peer.Eventually(() => database.GetU32(spellId, "value").Value == expected, $"{expected} firings at second {second}");
        }

        // start, +2, +4, +6, +8, +10.
        Assert.Equal(6u, database.GetU32(spellId, "counter").Value);
        Assert.Equal(6u, database.GetU32(spellId, "value").Value);
    }

    [Fact]
    public async Task A_spell_that_fails_every_time_stores_each_error_keeps_firing_and_leaves_the_peer_serving()
    {
        var failing = _peer.Sorcerer.Install(_peer.HostId, FailingScript, new JsonObject(), Clock(_peer.NowSec, period: 1), null);
        var counting = _peer.Sorcerer.Install(_peer.HostId, CountingScript, new JsonObject(), Clock(_peer.NowSec, period: 1), null);
        var database = _peer.Storage.GetDatabase(_peer.HostId);

        for (var firing = 1; firing <= 5; firing++)
        {
            await _peer.Eventually(() => database.GetAllErrors(failing).Count == firing && database.GetU32(counting, "value").Value == firing,
                $"firing {firing} of both spells");
            if (firing < 5)
                _time.Advance(TimeSpan.FromSeconds(1));
        }

        var errors = database.GetAllErrors(failing);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"spell_{failing}_{i}"), errors.Select(e => e.ParticleId));
        Assert.All(errors, e => Assert.Contains("no-such-service", e.Errors.Single().LastError.Message));
        Assert.Equal(5u, database.GetU32(failing, "counter").Value);
        Assert.Empty(database.GetAllErrors(counting));
    }

    [Fact]
    public async Task After_a_restart_workers_and_their_spells_come_back_and_go_on_counting_where_they_stopped()
    {
        var worker = (await _peer.Workers.CreateAsync("deal-restart", ["01"], _peer.HostId, CancellationToken.None)).WorkerId;
        var workerSpell = _peer.Sorcerer.Install(worker, CountingScript, new JsonObject(), Clock(_peer.NowSec, period: 10), "worker-counter");
        var hostSpell = _peer.Sorcerer.Install(_peer.HostId, CountingScript, new JsonObject(), Clock(_peer.NowSec, period: 10), null);
        await _peer.Eventually(() => _peer.Storage.GetDatabase(worker).GetU32(workerSpell, "value").Value == 1
            && _peer.Storage.GetDatabase(_peer.HostId).GetU32(hostSpell, "value").Value == 1, "the first firings");
        _time.Advance(TimeSpan.FromSeconds(10));
        await _peer.Eventually(() => _peer.Storage.GetDatabase(worker).GetU32(workerSpell, "value").Value == 2
            && _peer.Storage.GetDatabase(_peer.HostId).GetU32(hostSpell, "value").Value == 2, "the second firings");

        await _peer.DisposeAsync();
        _time.Advance(TimeSpan.FromSeconds(35)); // down for a while
        _peer = await PipelinePeer.StartAsync(_hostKey, _directory.Path, _time, aquaVm.Interpreter);

        Assert.Equal(worker, _peer.Workers.List().Single().WorkerId);
        Assert.Equal([workerSpell], _peer.Sorcerer.List(worker));
        Assert.Equal(workerSpell, _peer.Storage.Resolve(worker, "worker-counter"));
        // Re-armed from now: one firing at the restart, the next a period later, in the worker's own scope.
        var workerDb = _peer.Storage.GetDatabase(worker);
        var hostDb = _peer.Storage.GetDatabase(_peer.HostId);
        await _peer.Eventually(() => workerDb.GetU32(workerSpell, "value").Value == 3 && hostDb.GetU32(hostSpell, "value").Value == 3, "the firings at restart");
        _time.Advance(TimeSpan.FromSeconds(10));
        await _peer.Eventually(() => workerDb.GetU32(workerSpell, "value").Value == 4 && hostDb.GetU32(hostSpell, "value").Value == 4, "the firings after restart");
        Assert.Equal(4u, workerDb.GetU32(workerSpell, "counter").Value);
        Assert.Empty(workerDb.GetAllErrors(workerSpell));
    }

    [Fact]
    public async Task Installing_or_setting_a_script_that_aquavm_cannot_parse_fails_with_the_parsers_error()
    {
        var spell = _peer.Services.GetServices<Fluence.Kernel.Builtins.IBuiltinService>().Single(b => b.ServiceId == "spell");
        // "next" is an AIR keyword: the shape is fine, AquaVM's parser is not.
        var script = CountingScript.Replace("incremented", "next", StringComparison.Ordinal);
        var particle = Fluence.Kernel.Particles.Signing.ParticleSigner.Create(_hostKey, "(null)", TimeSpan.FromSeconds(30), _time.GetUtcNow());
        var context = new Fluence.Kernel.Builtins.ParticleContext(particle, _peer.HostId, _peer.HostId, _directory.Combine("vault"));
        var config = SpellPeer.Clock(1, period: 1);
        JsonNode?[] args = [script, new JsonObject(), config, new JsonArray()];
        var call = new Fluence.Kernel.Builtins.ServiceCall("spell", "install", args, args.Select(_ => (IReadOnlyList<Fluence.Kernel.Particles.SecurityTetraplet>)[]).ToList(), context);

        var error = (await spell.CallAsync(call, CancellationToken.None)).AssertError();

        Assert.Contains("does not parse", error);
        Assert.Contains("next", error);
        Assert.Empty(_peer.Sorcerer.List(_peer.HostId));
        call = call with { Arguments = [CountingScript, new JsonObject(), config, new JsonArray()] };
        var spellId = (await spell.CallAsync(call, CancellationToken.None)).AssertOk()!.GetValue<string>();

        // The owner replacing the script through the spell service API meets the same parser.
        var setScript = call with { ServiceId = spellId, FunctionName = "set_script", Arguments = [script], Tetraplets = [[]] };
        var refused = (await _peer.Services.GetRequiredService<Builtins.SpellServices>().CallAsync(setScript, CancellationToken.None)).AssertOk()!;
        Assert.False(refused["success"]!.GetValue<bool>());
        Assert.Contains("does not parse", refused["error"]!.GetValue<string>());
        Assert.Equal(CountingScript, _peer.Storage.GetDatabase(_peer.HostId).GetScript(spellId));
    }
}
