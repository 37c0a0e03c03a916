using Fluence.Kernel.Identity;
using Fluence.Kernel.Testing;
using Fluence.Kernel.Workers.Scopes;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Workers.Tests;

public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory _directory = new("fluence-workers");
    private readonly KeyPair _hostKey = KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));

    public void Dispose()
    {
        _hostKey.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task After_a_restart_workers_keys_activity_and_spells_all_come_back_and_spells_fire_again()
    {
        PeerId active, inactive;
        string hostSpell, workerSpell, oneShot;
        await using (var before = await SpellPeer.StartAsync(_directory.Path, _hostKey, _time))
        {
            active = await before.CreateWorkerAsync("deal-active");
            inactive = await before.CreateWorkerAsync("deal-inactive");
            (await before.CallAsync(before.HostId, before.HostId, "worker", "deactivate", "deal-inactive")).AssertOk();
            hostSpell = await before.InstallAsync(before.HostId, "(null)", SpellPeer.Clock(before.NowSec, period: 10), alias: "host-ticker");
            workerSpell = await before.InstallAsync(active, "(null)", SpellPeer.Clock(before.NowSec + 5, period: 10),
                new System.Text.Json.Nodes.JsonObject { ["greeting"] = "hi" });
            oneShot = await before.InstallAsync(active, "(null)", SpellPeer.Clock(before.NowSec));
            _time.Advance(TimeSpan.FromSeconds(10));
            // host: t0, t10; worker: t5; one-shot: t0.
            Assert.Equal(4, before.Executor.Executed.Count);
        }

        _time.Advance(TimeSpan.FromSeconds(30)); // the peer is down for a while
        await using var after = await SpellPeer.StartAsync(_directory.Path, _hostKey, _time);

        Assert.Equal(new[] { active, inactive }.OrderBy(p => p), after.Workers.List().Select(w => w.WorkerId).OrderBy(p => p));
        Assert.True(after.Workers.Get(active)!.Active);
        Assert.False(after.Workers.Get(inactive)!.Active);
        Assert.Equal(ScopeAdmission.WorkerInactive, after.Scopes.Admit(inactive, KeyPair.Generate().PeerId));
        Assert.Equal(active, after.Scopes.GetKeyPair(active)!.PeerId);
        Assert.Equal([hostSpell], after.Sorcerer.List(after.HostId));
        Assert.Equal(new[] { workerSpell, oneShot }.Order(), after.Sorcerer.List(active).Order());
        Assert.Equal(hostSpell, after.Storage.Resolve(after.HostId, "host-ticker"));
        Assert.Equal("\"hi\"", after.Storage.GetDatabase(active).GetString(workerSpell, "greeting").Value);

        // Periodic spells are re-armed from now; the one-shot that already fired stays fired.
        Assert.Equal(2, after.Executor.Executed.Count);
        _time.Advance(TimeSpan.FromSeconds(10));
        var ids = after.Executor.Executed.Select(p => p.Particle.Id).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Contains($"spell_{hostSpell}_2", ids);
        Assert.Contains($"spell_{hostSpell}_3", ids);
        Assert.Contains($"spell_{workerSpell}_1", ids);
        Assert.Contains($"spell_{workerSpell}_2", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith($"spell_{oneShot}_", StringComparison.Ordinal));
        Assert.All(after.Executor.Executed.Where(p => p.SpellId == workerSpell),
            p => Assert.True(active.Verify(p.Particle.GetSignedBytes(), p.Particle.Signature.Span)));
    }

    [Fact]
    public async Task A_spell_whose_end_passed_while_the_peer_was_down_is_not_re_armed()
    {
        string spellId;
        await using (var before = await SpellPeer.StartAsync(_directory.Path, _hostKey, _time))
            spellId = await before.InstallAsync(before.HostId, "(null)", SpellPeer.Clock(before.NowSec + 100, end: before.NowSec + 200, period: 10));

        _time.Advance(TimeSpan.FromSeconds(1000));
        await using var after = await SpellPeer.StartAsync(_directory.Path, _hostKey, _time);
        _time.Advance(TimeSpan.FromSeconds(100));

        Assert.Equal([spellId], after.Sorcerer.List(after.HostId));
        Assert.False(after.Sorcerer.IsSubscribed(after.HostId, spellId));
        Assert.Empty(after.Executor.Executed);
    }
}
