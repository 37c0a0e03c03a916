using System.Text.Json.Nodes;
using Fluence.Kernel.Content;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Testing;
using Xunit;

namespace Fluence.Kernel.Conformance;

/// <summary>
/// What every <see cref="IWasmRuntime"/> must do with Marine modules. The real AquaVM 0.62.0 (component <c>avm</c>,
/// eng/components/avm) checks compatibility with modules no one here wrote; small modules supplied by the
/// implementation's test class (tests/modules: abi.wat, storage.wat, facade.wat packed with their
/// <c>*.signature.json</c>) check the ABI, failures and linking.
/// </summary>
public abstract class RuntimeConformance : IDisposable
{
    private readonly TempDirectory _data = new("runtime-conformance");
    private readonly List<IWasmRuntime> _runtimes = [];

    /// <summary>A runtime keeping its files under <paramref name="dataDirectory"/>, with a per-call deadline.</summary>
    protected abstract IWasmRuntime CreateRuntime(string dataDirectory, TimeSpan callTimeout);

    /// <summary>tests/modules/abi.wat packed with abi.signature.json (echo_string, add_s32, echo_outer, crash, spin, …).</summary>
    protected abstract byte[] AbiModule();

    /// <summary>tests/modules/storage.wat packed: shout(s: string) -> string.</summary>
    protected abstract byte[] StorageModule();

    /// <summary>tests/modules/facade.wat packed: relay(s: string) -> string, importing storage.shout.</summary>
    protected abstract byte[] FacadeModule();

    private IWasmRuntime Runtime(TimeSpan? callTimeout = null)
    {
        var runtime = CreateRuntime(_data.Combine("data-" + _runtimes.Count), callTimeout ?? TimeSpan.FromSeconds(30));
        _runtimes.Add(runtime);
        return runtime;
    }

    private static WasmModule Module(string name, byte[] wasm) => new(Cid.RawSha256(wasm), wasm, new ModuleConfig { Name = name });

    private WasmServiceDefinition Service(string id, params WasmModule[] modules) => new(id, modules, _data.Combine("services", id));

    private static CallParameters Parameters() => new(
        new ParticleParameters("particle", "init", 1, 1000, "(null)", ReadOnlyMemory<byte>.Empty, ""), "svc", "creator", "host", "worker", []);

    private static async Task<string> Text(IWasmService service, string function, params JsonNode?[] args) =>
        (await service.CallJsonAsync(function, new JsonArray(args), Parameters(), CancellationToken.None))!.GetValue<string>();

    [Fact]
    public void The_runtime_names_its_engine_and_version()
    {
        Assert.Matches(@"\S+ \d+\.\d+", Runtime().Name);
    }

    [Fact]
    public void AquaVM_is_described_with_its_sdk_version_and_functions()
    {
        var description = Runtime().Describe(File.ReadAllBytes(RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm")));

        Assert.Equal("0.14.0", description.SdkVersion);
        Assert.Equal(["ast", "invoke", "invoke_tracing", "to_human_readable_data"], description.Interface.Functions.Select(f => f.Name).Order());
        Assert.Contains(description.Interface.Records, r => r.Name == "RunParameters" && r.Fields.Count == 11);
    }

    [Fact]
    public async Task AquaVM_answers_ast_with_json_and_runs_invoke_with_typed_values()
    {
        var wasm = File.ReadAllBytes(RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm"));
        await using var service = await Runtime().CreateServiceAsync(Service("avm", Module("avm", wasm)), CancellationToken.None);

        Assert.Contains("Null", await Text(service, "ast", "(null)"));

        using var key = KeyPair.Generate();
        var peer = new ItValue.Text(key.PeerId.ToString());
        var limit = new ItValue.Unsigned(ItTypeKind.U64, 1 << 24);
        var outcome = Assert.IsType<ItValue.Record>(Assert.Single(await service.CallAsync("invoke",
        [
            new ItValue.Text("(null)"), new ItValue.Bytes(ReadOnlyMemory<byte>.Empty), new ItValue.Bytes(ReadOnlyMemory<byte>.Empty),
            new ItValue.Record([peer, peer, new ItValue.Unsigned(ItTypeKind.U64, 1), new ItValue.Unsigned(ItTypeKind.U32, 1000), new ItValue.Unsigned(ItTypeKind.U8, 0),
                new ItValue.Bytes(Convert.FromBase64String(key.ToBase64())), new ItValue.Text("p"), limit, limit, limit, new ItValue.Boolean(false)]),
            new ItValue.Bytes(new byte[] { 0x81, 0x04, 0x80 }),
        ], Parameters(), CancellationToken.None)));
        Assert.Equal(new ItValue.Signed(ItTypeKind.S64, 0), outcome.Fields[0]);
    }

    [Fact]
    public void Bytes_that_are_not_a_module_are_an_invalid_module()
    {
        var error = Assert.Throws<WasmCallException>(() => Runtime().Describe(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }));
        Assert.Equal(WasmFailure.InvalidModule, error.Failure);
    }

    [Fact]
    public async Task Wrong_arguments_and_unknown_functions_fail_clearly_and_the_service_stays_usable()
    {
        await using var service = await Runtime().CreateServiceAsync(Service("abi", Module("abi", AbiModule())), CancellationToken.None);

        Assert.Equal(WasmFailure.InvalidArguments, (await Assert.ThrowsAsync<WasmCallException>(() => Text(service, "add_s32", "x"))).Failure);
        Assert.Equal(WasmFailure.InvalidArguments, (await Assert.ThrowsAsync<WasmCallException>(() => Text(service, "nope"))).Failure);
        Assert.Equal("still fine", await Text(service, "echo_string", "still fine"));
    }

    [Fact]
    public async Task A_trap_fails_the_call_and_the_service_keeps_its_id_and_works()
    {
        await using var service = await Runtime().CreateServiceAsync(Service("crash", Module("abi", AbiModule())), CancellationToken.None);

        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await service.CallJsonAsync("crash", null, Parameters(), CancellationToken.None));

        Assert.Equal(WasmFailure.Trap, error.Failure);
        Assert.Equal("crash", service.ServiceId);
        Assert.Equal("after", await Text(service, "echo_string", "after"));
    }

    [Fact]
    public async Task A_call_past_its_deadline_times_out_and_the_service_works_again()
    {
        await using var service = await Runtime(TimeSpan.FromMilliseconds(300)).CreateServiceAsync(Service("spin", Module("abi", AbiModule())), CancellationToken.None);

        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await service.CallJsonAsync("spin", null, Parameters(), CancellationToken.None));

        Assert.Equal(WasmFailure.Timeout, error.Failure);
        Assert.Equal("after", await Text(service, "echo_string", "after"));
    }

    [Fact]
    public async Task Nested_records_and_arrays_survive_a_json_round_trip()
    {
        await using var service = await Runtime().CreateServiceAsync(Service("records", Module("abi", AbiModule())), CancellationToken.None);
        var outer = JsonNode.Parse("""
            {"id":1,"name":"n","inners":[{"flag":true,"n":-1,"tags":["a","b"],"blob":[1,2]}],"matrix":[[1],[]],
             "scalars":{"b":false,"i8":-8,"i16":-16,"i32":-32,"i64":-64,"u8":8,"u16":16,"u32":32,"u64":64,"f32":1.5,"f64":2.5},"ratio":0.5}
            """)!;

        var result = await service.CallJsonAsync("echo_outer", new JsonArray(outer.DeepClone()), Parameters(), CancellationToken.None);

        Assert.True(JsonNode.DeepEquals(outer, result), result?.ToJsonString());
    }

    [Fact]
    public async Task The_facade_calls_the_module_loaded_before_it()
    {
        await using var service = await Runtime().CreateServiceAsync(
            Service("pair", Module("storage", StorageModule()), Module("facade", FacadeModule())), CancellationToken.None);

        Assert.Equal("LOUD", await Text(service, "relay", "loud"));
        Assert.Equal(["relay"], service.Interface.Functions.Select(f => f.Name));
    }

    public void Dispose()
    {
        foreach (var runtime in _runtimes)
            (runtime as IDisposable)?.Dispose();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}
