using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Testing;
using Fluence.Kernel.Workers.Scopes;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Workers.Tests;

public sealed class WorkerTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("fluence-workers");
    private readonly KeyPair _hostKey = KeyPair.Generate();
    private readonly KeyPair _manager = KeyPair.Generate();
    private readonly KeyPair _stranger = KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));
    private SpellPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await SpellPeer.StartAsync(_directory.Path, _hostKey, _time, _manager.PeerId);

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _hostKey.Dispose();
        _manager.Dispose();
        _stranger.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_created_worker_has_its_own_persisted_key_and_is_found_by_deal()
    {
        var workerId = await _peer.CreateWorkerAsync("0xABCDEF");

        var found = (await _peer.CallAsync(_peer.HostId, _stranger.PeerId, "worker", "get_worker_id", "abcdef")).AssertOk()!.AsArray();
        Assert.Equal(workerId.ToString(), found.Single()!.GetValue<string>());
        Assert.Empty((await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "get_worker_id", "other")).AssertOk()!.AsArray());
        Assert.Equal(workerId.ToString(), (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "list")).AssertOk()!.AsArray().Single()!.GetValue<string>());
        Assert.True((await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "is_active", "abcdef")).AssertOk()!.GetValue<bool>());

        var keyFile = Path.Combine(_directory.Path, "workers", workerId.ToString(), "key.ed25519");
        using var stored = KeyPair.FromBase64(await File.ReadAllTextAsync(keyFile));
        Assert.Equal(workerId, stored.PeerId);
        Assert.NotEqual(_peer.HostId, workerId);
        Assert.Equal(workerId, _peer.Scopes.GetKeyPair(workerId)!.PeerId);
        Assert.Equal(["010203"], _peer.Workers.Get(workerId)!.ComputeUnitIds);
        Assert.Equal(_peer.HostId, _peer.Workers.Get(workerId)!.Creator);
    }

    [Fact]
    public async Task A_second_worker_for_the_same_deal_is_refused()
    {
        await _peer.CreateWorkerAsync("deal");
        var error = (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "create", "deal", new JsonArray())).AssertError();
        Assert.Contains("already exists", error);
    }

    [Fact]
    public async Task A_workers_spells_are_invisible_from_the_host_scope_and_from_another_worker()
    {
        var workerA = await _peer.CreateWorkerAsync("deal-a");
        var workerB = await _peer.CreateWorkerAsync("deal-b");
        var spellId = await _peer.InstallAsync(workerA, "(null)", SpellPeer.Clock(0), alias: "private");

        Assert.Equal(spellId, (await _peer.CallAsync(workerA, _peer.HostId, "private", "get_script")).AssertOk()!["value"] is { } v ? spellId : null);
        Assert.Equal("(null)", (await _peer.CallAsync(workerA, _peer.HostId, spellId, "get_script")).AssertOk()!["value"]!.GetValue<string>());
        foreach (var scope in new[] { _peer.HostId, workerB })
        {
            Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await _peer.CallAsync(scope, _peer.HostId, spellId, "get_script"));
            Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await _peer.CallAsync(scope, _peer.HostId, "private", "get_script"));
            Assert.Empty((await _peer.CallAsync(scope, _peer.HostId, "spell", "list")).AssertOk()!.AsArray());
        }
        Assert.Single((await _peer.CallAsync(workerA, _peer.HostId, "spell", "list")).AssertOk()!.AsArray());
        Assert.True(_peer.Scopes.IsLocal(workerA) && _peer.Scopes.IsWorker(workerB) && !_peer.Scopes.IsWorker(_peer.HostId));
        Assert.False(_peer.Scopes.IsLocal(_stranger.PeerId));
    }

    [Fact]
    public async Task An_inactive_worker_refuses_a_strangers_particle_but_takes_the_hosts_and_the_managers()
    {
        var workerId = await _peer.CreateWorkerAsync("deal");
        Assert.Equal(ScopeAdmission.Accepted, _peer.Scopes.Admit(workerId, _stranger.PeerId));

        (await _peer.CallAsync(_peer.HostId, _manager.PeerId, "worker", "deactivate", "deal")).AssertOk();

        Assert.False((await _peer.CallAsync(_peer.HostId, _stranger.PeerId, "worker", "is_active", "deal")).AssertOk()!.GetValue<bool>());
        Assert.Equal(ScopeAdmission.WorkerInactive, _peer.Scopes.Admit(workerId, _stranger.PeerId));
        Assert.Equal(ScopeAdmission.WorkerInactive, _peer.Scopes.Admit(workerId, workerId));
        Assert.Equal(ScopeAdmission.Accepted, _peer.Scopes.Admit(workerId, _peer.HostId));
        Assert.Equal(ScopeAdmission.Accepted, _peer.Scopes.Admit(workerId, _manager.PeerId));
        Assert.Equal(ScopeAdmission.UnknownScope, _peer.Scopes.Admit(_stranger.PeerId, _peer.HostId));

        (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "activate", "deal")).AssertOk();
        Assert.Equal(ScopeAdmission.Accepted, _peer.Scopes.Admit(workerId, _stranger.PeerId));
    }

    [Fact]
    public async Task Deactivation_stops_the_workers_spells_and_activation_re_arms_its_worker_spell()
    {
        var workerId = await _peer.CreateWorkerAsync("deal");
        var workerSpell = await _peer.InstallAsync(workerId, "(null)", SpellPeer.Clock(_peer.NowSec + 100, period: 100), alias: "worker-spell");
        (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "deactivate", "deal")).AssertOk();
        Assert.Contains("already been deactivated", (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "deactivate", "deal")).AssertError());
        _time.Advance(TimeSpan.FromSeconds(300));
        Assert.Empty(_peer.Executor.Executed);

        (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "activate", "deal")).AssertOk();
        Assert.Single(_peer.Executor.Executed);
        Assert.Equal($"spell_{workerSpell}_0", _peer.Executor.Executed.Single().Particle.Id);
        Assert.Equal(workerId.ToString(), _peer.Executor.Executed.Single().Particle.InitPeerId);
        Assert.True(workerId.Verify(_peer.Executor.Executed.Single().Particle.GetSignedBytes(), _peer.Executor.Executed.Single().Particle.Signature.Span));
    }

    [Fact]
    public async Task Removing_a_worker_removes_its_spells_and_files_and_notifies_subscribers()
    {
        var workerId = await _peer.CreateWorkerAsync("deal");
        await _peer.InstallAsync(workerId, "(null)", SpellPeer.Clock(_peer.NowSec + 10, period: 10));
        var removed = new List<PeerId>();
        _peer.Workers.WorkerRemoved += (_, id) => removed.Add(id);
        var directory = Path.Combine(_directory.Path, "workers", workerId.ToString());
        Assert.True(File.Exists(Path.Combine(directory, "spells.sqlite")));

        (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "remove", workerId.ToString())).AssertOk();
        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal([workerId], removed);
        Assert.False(Directory.Exists(directory));
        Assert.Empty(_peer.Executor.Executed);
        Assert.Empty((await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "list")).AssertOk()!.AsArray());
        Assert.Equal(ScopeAdmission.UnknownScope, _peer.Scopes.Admit(workerId, _peer.HostId));
        Assert.Contains("not found", (await _peer.CallAsync(workerId, _peer.HostId, "spell", "list")).AssertError());
        Assert.Contains($"Worker {workerId} not found", (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "remove", workerId.ToString())).AssertError());
    }

    [Fact]
    public async Task Guarded_worker_calls_fail_with_a_permission_error_for_a_stranger()
    {
        var workerId = await _peer.CreateWorkerAsync("deal");
        var stranger = _stranger.PeerId;

        Assert.Contains("Only management or host peer can create", (await _peer.CallAsync(_peer.HostId, stranger, "worker", "create", "x", new JsonArray())).AssertError());
        Assert.Contains("Only management or host peer can activate", (await _peer.CallAsync(_peer.HostId, stranger, "worker", "activate", "deal")).AssertError());
        Assert.Contains("Only management or host peer can deactivate", (await _peer.CallAsync(_peer.HostId, stranger, "worker", "deactivate", "deal")).AssertError());
        Assert.Contains("can be removed only by worker creator", (await _peer.CallAsync(_peer.HostId, stranger, "worker", "remove", workerId.ToString())).AssertError());
        Assert.Contains("Worker for deal nope not found", (await _peer.CallAsync(_peer.HostId, stranger, "worker", "is_active", "nope")).AssertError());
        Assert.Contains("invalid worker id", (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "remove", "not-a-peer")).AssertError());
        Assert.Contains("argument 'deal_id' is missing", (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "is_active")).AssertError());
        Assert.Single(_peer.Workers.List());

        // The manager may create; the worker itself may remove itself.
        var managed = PeerId.Parse((await _peer.CallAsync(_peer.HostId, _manager.PeerId, "worker", "create", "m", new JsonArray("0x0a0B"))).AssertOk()!.GetValue<string>());
        Assert.Equal(_manager.PeerId, _peer.Workers.Get(managed)!.Creator);
        Assert.Equal(["0a0b"], _peer.Workers.Get(managed)!.ComputeUnitIds);
        (await _peer.CallAsync(managed, managed, "worker", "remove", managed.ToString())).AssertOk();
    }

    [Fact]
    public async Task Guarded_spell_calls_fail_with_a_permission_error_for_a_stranger()
    {
        var workerId = await _peer.CreateWorkerAsync("deal");
        var stranger = _stranger.PeerId;
        var hostSpell = await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(0));
        var workerSpell = await _peer.InstallAsync(workerId, "(null)", SpellPeer.Clock(0));

        foreach (var (scope, spell) in new[] { (_peer.HostId, hostSpell), (workerId, workerSpell) })
        {
            Assert.Contains("Failed to install a spell", (await _peer.CallAsync(scope, stranger, "spell", "install", "(null)", new JsonObject(), SpellPeer.Clock(0), new JsonArray())).AssertError());
            Assert.Contains("Failed to remove spell", (await _peer.CallAsync(scope, stranger, "spell", "remove", spell)).AssertError());
            Assert.Contains("Failed to update the trigger config", (await _peer.CallAsync(scope, stranger, "spell", "update_trigger_config", spell, SpellPeer.Clock(0))).AssertError());
        }
        Assert.Single((await _peer.CallAsync(_peer.HostId, stranger, "spell", "list")).AssertOk()!.AsArray());

        // The worker itself and the manager may manage the worker's spells.
        (await _peer.CallAsync(workerId, workerId, "spell", "install", "(null)", new JsonObject(), SpellPeer.Clock(0), new JsonArray())).AssertOk();
        (await _peer.CallAsync(workerId, _manager.PeerId, "spell", "remove", workerSpell)).AssertOk();
        (await _peer.CallAsync(_peer.HostId, _manager.PeerId, "spell", "install", "(null)", new JsonObject(), SpellPeer.Clock(0), new JsonArray())).AssertOk();
    }
}
