using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Testing;
using Fluence.Kernel.Workers.Spells;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Workers.Tests;

public sealed class BadInputTests : IAsyncLifetime
{
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

    private async Task<string> InstallError(JsonNode? config, string script = "(null)", JsonNode? initArgs = null) =>
        (await _peer.CallAsync(_peer.HostId, _peer.HostId, "spell", "install", script, initArgs ?? new JsonObject(), config, new JsonArray())).AssertError();

    public static TheoryData<string, string> MalformedConfigs => new()
    {
        { """{"connections":{"connect":false,"disconnect":false},"blockchain":{"start_block":0,"end_block":0}}""", "clock must be an object" },
        { """{"clock":{"start_sec":1,"end_sec":0},"connections":{"connect":false,"disconnect":false},"blockchain":{"start_block":0,"end_block":0}}""", "clock.period_sec is missing" },
        { """{"clock":{"start_sec":1,"end_sec":0,"period_sec":"often"},"connections":{"connect":false,"disconnect":false},"blockchain":{"start_block":0,"end_block":0}}""", "clock.period_sec must be a u32" },
        { """{"clock":{"start_sec":-5,"end_sec":0,"period_sec":1},"connections":{"connect":false,"disconnect":false},"blockchain":{"start_block":0,"end_block":0}}""", "clock.start_sec must be a u32" },
        { """{"clock":{"start_sec":1,"end_sec":0,"period_sec":1.5},"connections":{"connect":false,"disconnect":false},"blockchain":{"start_block":0,"end_block":0}}""", "clock.period_sec must be a u32" },
        { """{"clock":{"start_sec":1,"end_sec":0,"period_sec":1},"connections":{"connect":"yes","disconnect":false},"blockchain":{"start_block":0,"end_block":0}}""", "connections.connect must be a bool" },
        { """[1,2,3]""", "trigger config must be an object" },
    };

    [Theory]
    [MemberData(nameof(MalformedConfigs))]
    public async Task A_malformed_trigger_config_is_rejected_naming_the_field(string config, string expected)
    {
        Assert.Contains(expected, await InstallError(JsonNode.Parse(config)));
        Assert.Empty(_peer.Sorcerer.List(_peer.HostId));
    }

    [Fact]
    public async Task A_clock_that_cannot_be_scheduled_is_rejected()
    {
        var now = _peer.NowSec;
        Assert.Contains("end_sec", await InstallError(SpellPeer.Clock(now + 100, end: now + 50, period: 1)));
        Assert.Contains("in the past", await InstallError(SpellPeer.Clock(now - 100, end: now - 50, period: 1)));
        Assert.Contains("period is too big", await InstallError(SpellPeer.Clock(now, period: (long)TriggerPlan.MaxPeriodSec + 1)));
        Assert.Empty(_peer.Sorcerer.List(_peer.HostId));
    }

    [Fact]
    public async Task A_period_of_exactly_one_hundred_years_is_accepted_and_fires_again_a_century_later()
    {
        await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(_peer.NowSec, period: TriggerPlan.MaxPeriodSec));
        Assert.Single(_peer.Executor.Executed);

        // 100 years of 365 days: 36,500 days. Wake up one day short of it, then after it.
        for (var hop = 0; hop < 1216; hop++)
            _time.Advance(TimeSpan.FromDays(30));
        _time.Advance(TimeSpan.FromDays(19));
        Assert.Single(_peer.Executor.Executed);
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(2, _peer.Executor.Executed.Count);
    }

    [Fact]
    public async Task A_clock_starting_a_year_from_now_waits_for_it()
    {
        var start = _peer.NowSec + 365L * 24 * 3600;
        await _peer.InstallAsync(_peer.HostId, "(null)", SpellPeer.Clock(start, period: 60));
        _time.Advance(TimeSpan.FromDays(364));
        Assert.Empty(_peer.Executor.Executed);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Single(_peer.Executor.Executed);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(2, _peer.Executor.Executed.Count);
    }

    [Theory]
    [InlineData("", "spell script is empty")]
    [InlineData("(seq (null) (null)", "is never closed")]
    [InlineData("(null))", "unexpected ')'")]
    [InlineData("null", "must start with '('")]
    [InlineData("(call \"peer\" (\"op\" \"noop\") [)])", "unbalanced ')'")]
    [InlineData("(call \"unterminated)", "unterminated string")]
    public async Task A_spell_script_that_does_not_parse_is_refused_at_install(string script, string expected)
    {
        Assert.Contains(expected, await InstallError(SpellPeer.Clock(0), script));
    }

    [Fact]
    public void Air_strings_with_brackets_and_escapes_pass_the_shape_check()
    {
        Assert.True(AirScriptShape.TryValidate("""(seq (call %init_peer_id% ("op" "identity") ["(not a form]" "\"quoted\""] x) (null))""", out var error), error);
    }

    [Fact]
    public async Task Init_args_that_are_not_an_object_are_refused()
    {
        Assert.Contains("init_args must be a JSON object", await InstallError(SpellPeer.Clock(0), initArgs: new JsonArray(1)));
    }

    [Fact]
    public async Task Unknown_spells_and_workers_give_clear_errors()
    {
        using var nobody = KeyPair.Generate();
        Assert.Contains("Spell nope not found", (await _peer.CallAsync(_peer.HostId, _peer.HostId, "spell", "remove", "nope")).AssertError());
        Assert.Contains("Spell nope not found", (await _peer.CallAsync(_peer.HostId, _peer.HostId, "spell", "update_trigger_config", "nope", SpellPeer.Clock(0))).AssertError());
        Assert.Contains($"Worker {nobody.PeerId} not found", (await _peer.CallAsync(nobody.PeerId, _peer.HostId, "spell", "list")).AssertError());
        Assert.Contains($"Worker {nobody.PeerId} not found", (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "remove", nobody.PeerId.ToString())).AssertError());
        Assert.Contains("cu_ids", (await _peer.CallAsync(_peer.HostId, _peer.HostId, "worker", "create", "d", new JsonArray(new JsonArray(300)))).AssertError());
        Assert.Contains("argument 'script' must be a string", (await _peer.CallAsync(_peer.HostId, _peer.HostId, "spell", "install", 5)).AssertError());
    }
}
