using System.Text.Json.Nodes;
using Fluence.Kernel.Conformance;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.AquaVm.Tests;

/// <summary>
/// The plugin on the real AquaVM 0.62.0 (avm.wasm) running on the Wasmtime runtime: the interpreter slot's
/// conformance suite plus what is particular to this plugin (pool, traps, a missing avm.wasm).
/// </summary>
public sealed class AquaVmInterpreterTests(AquaVmFixture fixture) : InterpreterConformance, IClassFixture<AquaVmFixture>
{
    protected override IAirInterpreter Interpreter => fixture.Interpreter;

    private static readonly IReadOnlyDictionary<uint, CallServiceResult> NoResults = new Dictionary<uint, CallServiceResult>();

    private readonly KeyPair _peer = KeyPair.Generate();

    private RunParameters Parameters(KeyPair current, string? initPeerId = null, string particleId = "particle-1") =>
        new(initPeerId ?? current.PeerId.ToString(), current.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, current.Seed.ToArray(), particleId);

    private ValueTask<InterpreterOutcome> Invoke(string air, ReadOnlyMemory<byte> prev, ReadOnlyMemory<byte> current, IReadOnlyDictionary<uint, CallServiceResult>? results = null, KeyPair? peer = null, string? initPeerId = null) =>
        fixture.Interpreter.InvokeAsync(new InterpreterInvocation(air, prev, current, Parameters(peer ?? _peer, initPeerId), results ?? NoResults), CancellationToken.None);

    [Fact]
    public void The_interpreter_names_itself_and_its_aquavm_version()
    {
        Assert.Equal("aquavm", fixture.Interpreter.Name);
        Assert.Equal("0.62.0", fixture.Interpreter.Version);
    }

    [Fact]
    public async Task Null_gives_data_and_an_empty_error_message()
    {
        var outcome = await Invoke("(null)", default, default);

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        Assert.Equal("", outcome.ErrorMessage);
        Assert.False(outcome.Data.IsEmpty);
        Assert.Empty(outcome.NextPeerPks);
        Assert.Empty(outcome.CallRequests);
    }

    [Fact]
    public async Task A_float_argument_reaches_the_service_as_a_float()
    {
        var outcome = await Invoke("""(call %init_peer_id% ("op" "identity") [1.0 0.0 -2.5] result)""", default, default);

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        var (_, request) = Assert.Single(outcome.CallRequests);
        Assert.Equal("[1.0,0.0,-2.5]", new JsonArray(request.Arguments.Select(a => a?.DeepClone()).ToArray()).ToJsonString());
    }

    [Fact]
    public async Task A_call_to_the_current_peer_becomes_a_call_request_with_arguments_and_tetraplets()
    {
        var me = _peer.PeerId.ToString();
        var outcome = await Invoke("""(call %init_peer_id% ("op" "identity") ["hello" 42 true] result)""", default, default);

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        var (id, request) = Assert.Single(outcome.CallRequests);
        Assert.Equal("op", request.ServiceId);
        Assert.Equal("identity", request.FunctionName);
        Assert.Equal("""["hello",42,true]""", new JsonArray(request.Arguments.Select(a => a?.DeepClone()).ToArray()).ToJsonString());
        Assert.Equal(3, request.Tetraplets.Count);
        // Literals come from the init peer with no service, function or lens.
        Assert.All(request.Tetraplets, t => Assert.Equal(new SecurityTetraplet(me, "", "", ""), Assert.Single(t)));
        Assert.Empty(outcome.NextPeerPks);
    }

    [Fact]
    public async Task A_call_result_fed_back_completes_the_script_and_its_value_flows_on_with_its_tetraplet()
    {
        var me = _peer.PeerId.ToString();
        const string air = """
            (seq
              (call %init_peer_id% ("op" "identity") ["hi"] x)
              (call %init_peer_id% ("echo" "say") [x.$.text]))
            """;

        var first = await Invoke(air, default, default);
        var (firstId, _) = Assert.Single(first.CallRequests);

        var second = await Invoke(air, first.Data, default, new Dictionary<uint, CallServiceResult> { [firstId] = CallServiceResult.Ok("""{"text":"hello back"}""") });

        Assert.True(second.IsSuccess, second.ErrorMessage);
        var (secondId, echo) = Assert.Single(second.CallRequests);
        Assert.NotEqual(firstId, secondId);
        Assert.Equal("echo", echo.ServiceId);
        Assert.Equal("hello back", echo.Arguments[0]!.GetValue<string>());
        Assert.Equal(new SecurityTetraplet(me, "op", "identity", ".$.text"), Assert.Single(echo.Tetraplets[0]));

        var third = await Invoke(air, second.Data, default, new Dictionary<uint, CallServiceResult> { [secondId] = CallServiceResult.Ok("\"said\"") });

        Assert.True(third.IsSuccess, third.ErrorMessage);
        Assert.Empty(third.CallRequests);
        Assert.Empty(third.NextPeerPks);
    }

    [Fact]
    public async Task A_failed_call_result_is_a_catchable_service_error()
    {
        const string air = """
            (xor
              (call %init_peer_id% ("svc" "fail") [] x)
              (call %init_peer_id% ("err" "report") [%last_error%.$.error_code]))
            """;
        var first = await Invoke(air, default, default);
        var (id, _) = Assert.Single(first.CallRequests);

        var second = await Invoke(air, first.Data, default, new Dictionary<uint, CallServiceResult> { [id] = CallServiceResult.Error("\"boom\"") });

        Assert.True(second.IsSuccess, second.ErrorMessage);
        var (_, report) = Assert.Single(second.CallRequests);
        Assert.Equal("err", report.ServiceId);
        Assert.Equal(10000, report.Arguments[0]!.GetValue<long>());
    }

    [Fact]
    public async Task A_par_over_two_remote_peers_names_both_as_next_peers()
    {
        var a = KeyPair.Generate().PeerId.ToString();
        var b = KeyPair.Generate().PeerId.ToString();
        var outcome = await Invoke($"""
            (par
              (call "{a}" ("svc" "f") [])
              (call "{b}" ("svc" "g") []))
            """, default, default);

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        Assert.Equal(new[] { a, b }.Order(), outcome.NextPeerPks.Order());
        Assert.Empty(outcome.CallRequests);
    }

    [Fact]
    public async Task A_parse_error_gives_aquavm_error_code_1_and_its_message_and_keeps_prev_data()
    {
        var prev = (await Invoke("(null)", default, default)).Data;

        var outcome = await Invoke("(seq (null)", prev, default);

        Assert.Equal(1, outcome.RetCode);
        Assert.Contains("parse", outcome.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(prev.ToArray(), outcome.Data.ToArray());
        Assert.Empty(outcome.CallRequests);
    }

    [Fact]
    public async Task Data_produced_on_one_peer_is_accepted_as_the_next_peers_current_data()
    {
        using var other = KeyPair.Generate();
        var init = _peer.PeerId.ToString();
        var air = $"""
            (seq
              (ap 7 x)
              (call "{other.PeerId}" ("svc" "take") [x]))
            """;

        var here = await Invoke(air, default, default);
        Assert.True(here.IsSuccess, here.ErrorMessage);
        Assert.Equal([other.PeerId.ToString()], here.NextPeerPks);

        var there = await Invoke(air, default, here.Data, peer: other, initPeerId: init);

        Assert.True(there.IsSuccess, there.ErrorMessage);
        var (_, take) = Assert.Single(there.CallRequests);
        Assert.Equal("take", take.FunctionName);
        Assert.Equal(7, take.Arguments[0]!.GetValue<long>());
    }

    [Fact]
    public async Task Data_that_is_not_aquavm_data_is_refused_with_a_deserialization_code()
    {
        var outcome = await Invoke("(null)", default, new byte[] { 1, 2, 3, 4 });

        Assert.InRange(outcome.RetCode, 2, 4);
        Assert.NotEmpty(outcome.ErrorMessage);
    }

    [Fact]
    public async Task Concurrent_invocations_share_the_pool_without_exceeding_it()
    {
        await using var interpreter = fixture.NewInterpreter(2, warmUp: false);
        var tasks = Enumerable.Range(0, 12).Select(_ =>
            interpreter.InvokeAsync(new InterpreterInvocation("(null)", default, default, Parameters(_peer), NoResults), CancellationToken.None).AsTask()).ToArray();

        var outcomes = await Task.WhenAll(tasks);

        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.ErrorMessage));
        Assert.InRange(interpreter.LiveInstances, 1, 2);
    }

    [Fact]
    public async Task Start_instantiates_the_rest_of_the_pool_and_one_instance_for_loops_in_the_background()
    {
        await using var interpreter = fixture.NewInterpreter(3);

        await interpreter.StartAsync(CancellationToken.None);

        Assert.InRange(interpreter.LiveInstances, 1, 4);
        // Three loop-free instances and one interruptible instance (avm.wasm compiled with interruption checks).
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (interpreter.LiveInstances < 4 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(4, interpreter.LiveInstances);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            interpreter.InvokeAsync(new InterpreterInvocation("(null)", default, default, Parameters(_peer), NoResults), CancellationToken.None).AsTask()));
        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.ErrorMessage));
        var withLoop = await interpreter.InvokeAsync(new InterpreterInvocation(
            """(new $s (fold $s v (next v)))""", default, default, Parameters(_peer), NoResults), CancellationToken.None);
        Assert.True(withLoop.IsSuccess, withLoop.ErrorMessage);
        Assert.Equal(4, interpreter.LiveInstances);
    }

    [Fact]
    public async Task Without_warm_up_start_makes_only_the_first_instance()
    {
        await using var interpreter = fixture.NewInterpreter(3, warmUp: false);

        await interpreter.StartAsync(CancellationToken.None);
        await Task.Delay(200);

        Assert.Equal(1, interpreter.LiveInstances);
    }

    [Fact]
    public async Task A_missing_avm_wasm_fails_naming_the_path_and_the_setup_script()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("avm.wasm");
        await using var interpreter = fixture.NewInterpreter(1, missing);

        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => interpreter.StartAsync(CancellationToken.None));

        Assert.Contains(missing, ex.Message);
        Assert.Contains("eng/setup.sh", ex.Message);
    }

    [Fact]
    public async Task An_instance_that_traps_is_replaced_and_the_next_invocation_works()
    {
        await using var interpreter = fixture.NewInterpreter(1);
        // A fold recursing 20 000 levels overflows the guest's 8 MiB stack or Wasmtime's native stack: a trap.
        const string air = """
            (seq
              (call %init_peer_id% ("data" "items") [] items)
              (fold items i
                (seq
                  (null)
                  (next i))))
            """;
        var parameters = Parameters(_peer);
        var first = await interpreter.InvokeAsync(new InterpreterInvocation(air, default, default, parameters, NoResults), CancellationToken.None);
        var (id, _) = Assert.Single(first.CallRequests);
        var items = "[" + string.Join(",", Enumerable.Range(0, 20_000)) + "]";
        var live = interpreter.LiveInstances;

        var ex = await Assert.ThrowsAsync<WasmCallException>(async () =>
        {
            var outcome = await interpreter.InvokeAsync(
                new InterpreterInvocation(air, first.Data, default, parameters, new Dictionary<uint, CallServiceResult> { [id] = CallServiceResult.Ok(items) }),
                CancellationToken.None);
            Assert.Fail($"expected a trap, got ret_code {outcome.RetCode}: {outcome.ErrorMessage}");
        });
        Assert.Equal(WasmFailure.Trap, ex.Failure);
        Assert.Equal(live - 1, interpreter.LiveInstances);

        var after = await interpreter.InvokeAsync(new InterpreterInvocation(air, default, default, parameters with { ParticleId = "particle-2" }, NoResults), CancellationToken.None);

        Assert.True(after.IsSuccess, after.ErrorMessage);
        Assert.Equal(live, interpreter.LiveInstances);
    }

    [Fact]
    public async Task A_script_with_loops_is_stopped_at_the_invocation_timeout_and_its_instance_replaced()
    {
        await using var interpreter = new AquaVmInterpreter(fixture.Runtime,
            Options.Create(new AquaVmOptions { AvmWasmPath = AquaVmFixture.AvmWasmPath, PoolSize = 1, InvocationTimeout = TimeSpan.FromSeconds(1) }),
            NullLogger<AquaVmInterpreter>.Instance);
        var parameters = Parameters(_peer);
        var first = await interpreter.InvokeAsync(new InterpreterInvocation(LoopingAir.Script, default, default, parameters, NoResults), CancellationToken.None);
        var (id, _) = Assert.Single(first.CallRequests);
        var live = interpreter.LiveInstances;
        var started = DateTime.UtcNow;

        var ex = await Assert.ThrowsAsync<WasmCallException>(async () =>
        {
            var outcome = await interpreter.InvokeAsync(
                new InterpreterInvocation(LoopingAir.Script, first.Data, default, parameters, new Dictionary<uint, CallServiceResult> { [id] = CallServiceResult.Ok(LoopingAir.Items) }),
                CancellationToken.None);
            Assert.Fail($"expected the timeout, got ret_code {outcome.RetCode}: {outcome.ErrorMessage}");
        });

        Assert.Equal(WasmFailure.Timeout, ex.Failure);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.Equal(live - 1, interpreter.LiveInstances);
        var after = await interpreter.InvokeAsync(new InterpreterInvocation("(null)", default, default, parameters, NoResults), CancellationToken.None);
        Assert.True(after.IsSuccess, after.ErrorMessage);
    }

    [Fact]
    public async Task Loop_free_scripts_run_on_uninterruptible_instances_and_scripts_with_fold_on_interruptible_ones()
    {
        var runtime = new DefinitionRecordingRuntime(fixture.Runtime);
        await using var interpreter = new AquaVmInterpreter(runtime,
            Options.Create(new AquaVmOptions { AvmWasmPath = AquaVmFixture.AvmWasmPath, PoolSize = 1, WarmUp = false }), NullLogger<AquaVmInterpreter>.Instance);
        await interpreter.StartAsync(CancellationToken.None);

        var loopFree = await interpreter.InvokeAsync(new InterpreterInvocation("""(seq (null) (call %init_peer_id% ("op" "noop") []))""", default, default, Parameters(_peer), NoResults), CancellationToken.None);
        var looping = await interpreter.InvokeAsync(new InterpreterInvocation(LoopingAir.Script, default, default, Parameters(_peer), NoResults), CancellationToken.None);

        Assert.True(loopFree.IsSuccess, loopFree.ErrorMessage);
        Assert.True(looping.IsSuccess, looping.ErrorMessage);
        Assert.Equal([false, true], runtime.Definitions.Select(d => d.Interruptible));
        Assert.Equal(2, interpreter.LiveInstances);
    }

    /// <summary>The real runtime, noting every service definition it is given.</summary>
    private sealed class DefinitionRecordingRuntime(IWasmRuntime inner) : IWasmRuntime
    {
        private readonly List<WasmServiceDefinition> _definitions = [];

        public IReadOnlyList<WasmServiceDefinition> Definitions
        {
            get
            {
                lock (_definitions)
                    return _definitions.ToArray();
            }
        }

        public string Name => inner.Name;

        public ModuleDescription Describe(ReadOnlyMemory<byte> wasm) => inner.Describe(wasm);

        public ValueTask<IWasmService> CreateServiceAsync(WasmServiceDefinition definition, CancellationToken cancellationToken)
        {
            lock (_definitions)
                _definitions.Add(definition);
            return inner.CreateServiceAsync(definition, cancellationToken);
        }
    }
}
