using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Testing;
using Fluence.Kernel.Workers.Spells;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>Spells fired into the real particle pipeline and run by the real AquaVM, their calls answered by the real builtins.</summary>
public sealed class PipelineSpellTests(AquaVmFixture aquaVm) : IClassFixture<AquaVmFixture>, IAsyncLifetime
{
    private const string FailingScript = """
        (xor
            (call %init_peer_id% ("no-such-service" "f") [])
            (call %init_peer_id% ("errorHandlingSrv" "error") [%last_error% 7]))
        """;

    private readonly TempDirectory _directory = new("workers-pipeline");
    private readonly KeyPair _hostKey = KeyPair.Generate();
    // Only the spells' clock is fake (it starts at the real now so that spell particles are fresh); the pipeline,
    // AquaVM and their timeouts run on the system clock.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private InProcessPeer _peer = null!;

    public async Task InitializeAsync()
    {
        _peer = await InProcessPeer.StartAsync(_hostKey, _directory.Path, services =>
        {
            services.AddLoopbackPeerSlots(aquaVm.Interpreter, _time);
            services.AddWorkersAndSpells();
        });
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _hostKey.Dispose();
        _directory.Dispose();
    }

    private Sorcerer Sorcerer => _peer.Services.GetRequiredService<Sorcerer>();
    private SpellStorage Storage => _peer.Services.GetRequiredService<SpellStorage>();

    /// <summary>Waits, bounded, for the pipeline (which runs AquaVM on other threads) to reach a state.</summary>
    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_worker_spell_runs_in_the_worker_scope_with_the_worker_as_init_peer()
    {
        var worker = await _peer.Services.GetRequiredService<WorkerRegistry>().CreateAsync("deal", [], _peer.PeerId, CancellationToken.None);
        const string script = """
            (seq
                (call %init_peer_id% ("getDataSrv" "spell_id") [] spell_id)
                (call %init_peer_id% (spell_id "set_string") ["who" %init_peer_id%]))
            """;
        var spellId = Sorcerer.Install(worker.WorkerId, script, new JsonObject(), TriggerConfig.Empty with { Clock = new ClockConfig(1, 0, 0) }, null);

        var database = Storage.GetDatabase(worker.WorkerId);
        await Eventually(() => database.GetString(spellId, "who").Present, "the worker spell to write its KV");
        Assert.Equal(worker.WorkerId.ToString(), database.GetString(spellId, "who").Value);
        Assert.False(Storage.GetDatabase(_peer.PeerId).SpellExists(spellId));
    }

    [Fact]
    public async Task A_spell_whose_script_fails_stores_aquavms_last_error_and_keeps_firing()
    {
        var spellId = Sorcerer.Install(_peer.PeerId, FailingScript, new JsonObject(), TriggerConfig.Empty with { Clock = new ClockConfig(1, 0, 1) }, null);
        var database = Storage.GetDatabase(_peer.PeerId);

        for (var firing = 1; firing <= 3; firing++)
        {
            await Eventually(() => database.GetAllErrors(spellId).Count == firing, $"{firing} particles with errors");
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        var errors = database.GetAllErrors(spellId);
        Assert.Equal([$"spell_{spellId}_0", $"spell_{spellId}_1", $"spell_{spellId}_2"], errors.Select(e => e.ParticleId));
        var entry = errors[0].Errors.Single();
        Assert.Equal(7u, entry.ErrorIdx);
        Assert.Contains("no-such-service", entry.LastError.Message);
        Assert.Equal(_peer.PeerId.ToString(), entry.LastError.PeerId);
    }
}
