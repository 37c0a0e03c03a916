using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Services.Blueprints;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage.UnixFs;
using Fluence.Kernel.Plugins.LocalStore;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Services.Tests;

/// <summary>dist.*, srv.* and app-service calls on the real runtime with a real Marine module (AquaVM's avm.wasm).</summary>
public sealed class ServicesTests : IClassFixture<RuntimeFixture>, IAsyncLifetime
{
    private readonly TempDirectory _data = new("services");
    private readonly KeyPair _host = KeyPair.Generate();
    private readonly LocalContentStore _store;
    private readonly RuntimeFixture _fixture;
    private ServicesHarness _peer = null!;

    public ServicesTests(RuntimeFixture fixture)
    {
        _fixture = fixture;
        // The real storage slot: module ids are what it names the bytes.
        _store = new LocalContentStore(Options.Create(new LocalStoreOptions { Directory = _data.Combine("store") }),
            new TestPeerEnvironment(_host, _data.Path), NullLogger<LocalContentStore>.Instance);
    }

    public async Task InitializeAsync()
    {
        await _store.StartAsync(CancellationToken.None);
        _peer = new ServicesHarness(_fixture.Runtime, _store, _host, _data.Path);
        await _peer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _data.Dispose();
    }

    private async Task<string> AddAvmModule(ServicesHarness peer)
    {
        var config = await peer.Ok("dist", "make_module_config", "avm", new JsonArray(), new JsonArray(), new JsonArray(true));
        return (await peer.Ok("dist", "add_module", Convert.ToBase64String(_fixture.AvmWasm), config))!.GetValue<string>();
    }

    private async Task<string> AddAvmBlueprint(ServicesHarness peer)
    {
        var module = await AddAvmModule(peer);
        var blueprint = await peer.Ok("dist", "make_blueprint", "avm-blueprint", new JsonArray(module));
        return (await peer.Ok("dist", "add_blueprint", blueprint))!.GetValue<string>();
    }

    private async Task<string> CreateAvmService(ServicesHarness peer) =>
        (await peer.Ok("srv", "create", await AddAvmBlueprint(peer)))!.GetValue<string>();

    private async Task<FunctionOutcome> CallApp(ServicesHarness peer, string serviceIdOrAlias, string function, params JsonNode?[] arguments) =>
        await peer.Dispatcher.CallAsync(peer.Call(serviceIdOrAlias, function, arguments), CancellationToken.None);

    [Fact]
    public async Task An_added_module_is_named_by_the_ipfs_cid_of_its_bytes_and_listed_with_its_config()
    {
        var hash = await AddAvmModule(_peer);

        // avm.wasm is larger than one 256 KiB chunk: a dag-pb UnixFS root, as ipfs add --cid-version 1 --raw-leaves.
        Assert.Equal(UnixFsFileHasher.Compute(_fixture.AvmWasm).Cid.ToString(), hash);
        Assert.StartsWith("bafybei", hash);
        var listed = Assert.Single((await _peer.Ok("dist", "list_modules"))!.AsArray())!;
        Assert.Equal("avm", listed["name"]!.GetValue<string>());
        Assert.Equal(hash, listed["hash"]!.GetValue<string>());
        Assert.Equal("avm", listed["config"]!["name"]!.GetValue<string>());
        Assert.True(listed["config"]!["logger_enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_modules_interface_lists_its_functions_and_records()
    {
        var hash = await AddAvmModule(_peer);

        var iface = (await _peer.Ok("dist", "get_module_interface", hash))!;

        var functions = iface["function_signatures"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToArray();
        Assert.Contains("invoke", functions);
        Assert.Contains("ast", functions);
        var records = iface["record_types"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToArray();
        Assert.Contains("RunParameters", records);
    }

    [Fact]
    public async Task A_blueprint_gets_the_id_nox_computes_and_is_listed_and_retrievable()
    {
        var module = await AddAvmModule(_peer);
        var ipld = (await _peer.Ok("dist", "make_blueprint", "avm-blueprint", new JsonArray(module)))!.GetValue<string>();

        var id = (await _peer.Ok("dist", "add_blueprint", ipld))!.GetValue<string>();

        Assert.Equal(Blueprint.Create("avm-blueprint", [Cid.Parse(module)]).Id, id);
        Assert.StartsWith("bafkrei", id);
        var listed = Assert.Single((await _peer.Ok("dist", "list_blueprints"))!.AsArray())!;
        Assert.Equal(id, listed["id"]!.GetValue<string>());
        Assert.Equal("avm-blueprint", listed["name"]!.GetValue<string>());
        Assert.Equal(module, listed["dependencies"]![0]!.GetValue<string>());
        Assert.Equal(listed.ToJsonString(), (await _peer.Ok("dist", "get_blueprint", id))!.ToJsonString());
    }

    [Fact]
    public async Task A_created_service_answers_calls_by_id_and_by_alias()
    {
        var id = await CreateAvmService(_peer);
        Assert.True(Guid.TryParse(id, out _));

        var byId = Assert.IsType<FunctionOutcome.OkOutcome>(await CallApp(_peer, id, "ast", "(null)"));
        Assert.Contains("Null", byId.Value!.GetValue<string>());

        await _peer.Ok("srv", "add_alias", "interpreter", id);
        var byAlias = Assert.IsType<FunctionOutcome.OkOutcome>(await CallApp(_peer, "interpreter", "ast", "(seq (null) (null))"));
        Assert.Contains("Seq", byAlias.Value!.GetValue<string>());
        Assert.Equal(id, (await _peer.Ok("srv", "resolve_alias", "interpreter"))!.GetValue<string>());
        Assert.Equal($"""["{id}"]""", (await _peer.Ok("srv", "resolve_alias_opt", "interpreter"))!.ToJsonString());
        Assert.Equal("[]", (await _peer.Ok("srv", "resolve_alias_opt", "nothing"))!.ToJsonString());
    }

    [Fact]
    public async Task Listing_and_info_describe_services_as_nox_does()
    {
        var id = await CreateAvmService(_peer);
        await _peer.Ok("srv", "add_alias", "avm", id);

        var service = Assert.Single((await _peer.Ok("srv", "list"))!.AsArray())!;
        var info = (await _peer.Ok("srv", "info", "avm"))!;

        Assert.Equal(id, service["id"]!.GetValue<string>());
        Assert.Equal("service", service["service_type"]!.GetValue<string>());
        Assert.Equal(_host.PeerId.ToString(), service["owner_id"]!.GetValue<string>());
        Assert.Equal(_host.PeerId.ToString(), service["worker_id"]!.GetValue<string>());
        Assert.Equal("""["avm"]""", service["aliases"]!.ToJsonString());
        Assert.Equal(service.ToJsonString(), info.ToJsonString());
        var functions = (await _peer.Ok("srv", "get_interface", id))!["function_signatures"]!.AsArray();
        Assert.Contains(functions, f => f!["name"]!.GetValue<string>() == "to_human_readable_data");
    }

    [Fact]
    public async Task An_alias_moves_to_the_service_it_is_given_to_last()
    {
        var first = await CreateAvmService(_peer);
        var second = (await _peer.Ok("srv", "create", (await _peer.Ok("dist", "list_blueprints"))![0]!["id"]!.GetValue<string>()))!.GetValue<string>();

        await _peer.Ok("srv", "add_alias", "main", first);
        await _peer.Ok("srv", "add_alias", "main", second);

        Assert.Equal(second, (await _peer.Ok("srv", "resolve_alias", "main"))!.GetValue<string>());
        Assert.Equal("[]", (await _peer.Ok("srv", "info", first))!["aliases"]!.ToJsonString());
    }

    [Fact]
    public async Task Services_belong_to_their_scope()
    {
        var id = await CreateAvmService(_peer);
        using var worker = KeyPair.Generate();

        var fromWorker = await _peer.Dispatcher.CallAsync(_peer.Call(id, "ast", ["(null)"], scope: worker.PeerId), CancellationToken.None);
        var listedInWorker = await _peer.Builtins["srv"].CallAsync(_peer.Call("srv", "list", [], scope: worker.PeerId), CancellationToken.None);

        Assert.IsType<FunctionOutcome.NotDefinedOutcome>(fromWorker);
        Assert.Equal("[]", Assert.IsType<FunctionOutcome.OkOutcome>(listedInWorker).Value!.ToJsonString());
    }

    [Fact]
    public async Task Modules_blueprints_services_and_aliases_are_recreated_after_a_restart()
    {
        var id = await CreateAvmService(_peer);
        await _peer.Ok("srv", "add_alias", "avm", id);
        await _peer.DisposeAsync();

        _peer = new ServicesHarness(_fixture.Runtime, _store, _host, _data.Path);
        await _peer.StartAsync();

        Assert.Single((await _peer.Ok("dist", "list_modules"))!.AsArray());
        Assert.Single((await _peer.Ok("dist", "list_blueprints"))!.AsArray());
        Assert.Equal(id, Assert.Single((await _peer.Ok("srv", "list"))!.AsArray())!["id"]!.GetValue<string>());
        var call = Assert.IsType<FunctionOutcome.OkOutcome>(await CallApp(_peer, "avm", "ast", "(null)"));
        Assert.Contains("Null", call.Value!.GetValue<string>());
    }

    [Fact]
    public async Task A_damaged_record_is_skipped_at_restart_and_the_rest_is_recreated()
    {
        var id = await CreateAvmService(_peer);
        await _peer.DisposeAsync();
        File.WriteAllText(_data.Combine("services", "services", "broken.json"), "{ not json");
        File.WriteAllText(_data.Combine("services", "services", "partial.json"), "{\"id\":\"x\"}");
        File.WriteAllText(_data.Combine("services", "blueprints", "broken.json"), "[]");

        _peer = new ServicesHarness(_fixture.Runtime, _store, _host, _data.Path);
        await _peer.StartAsync();

        Assert.Equal(id, Assert.Single((await _peer.Ok("srv", "list"))!.AsArray())!["id"]!.GetValue<string>());
        Assert.Single((await _peer.Ok("dist", "list_blueprints"))!.AsArray());
    }

    [Fact]
    public async Task A_removed_service_is_gone_from_calls_lists_and_aliases()
    {
        var id = await CreateAvmService(_peer);
        await _peer.Ok("srv", "add_alias", "avm", id);

        await _peer.Ok("srv", "remove", "avm");

        Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await CallApp(_peer, id, "ast", "(null)"));
        Assert.Equal("[]", (await _peer.Ok("srv", "list"))!.ToJsonString());
        Assert.Contains("not found", await _peer.Error("srv", "resolve_alias", "avm"));
        Assert.Contains("not found", await _peer.Error("srv", "remove", id));
    }

    [Fact]
    public async Task Removing_a_scope_removes_only_that_scopes_services()
    {
        var hostService = await CreateAvmService(_peer);
        using var worker = KeyPair.Generate();
        var blueprint = (await _peer.Ok("dist", "list_blueprints"))![0]!["id"]!.GetValue<string>();
        var inWorker = await _peer.Builtins["srv"].CallAsync(_peer.Call("srv", "create", [blueprint], scope: worker.PeerId), CancellationToken.None);
        var workerService = Assert.IsType<FunctionOutcome.OkOutcome>(inWorker).Value!.GetValue<string>();
        var registry = _peer.Registry;

        Assert.Equal(1, await registry.RemoveScopeAsync(worker.PeerId.ToString(), CancellationToken.None));

        Assert.Null(await registry.TryGetAsync(worker.PeerId.ToString(), workerService, CancellationToken.None));
        Assert.NotNull(await registry.TryGetAsync(_host.PeerId.ToString(), hostService, CancellationToken.None));
    }

    [Fact]
    public async Task Parallel_calls_into_one_service_all_complete()
    {
        var id = await CreateAvmService(_peer);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => CallApp(_peer, id, "ast", $"(seq (null) (ap {i} x))")));

        Assert.All(outcomes, o => Assert.IsType<FunctionOutcome.OkOutcome>(o));
    }

    [Fact]
    public async Task Calling_a_function_the_service_lacks_fails_with_the_runtimes_message()
    {
        var id = await CreateAvmService(_peer);

        var outcome = Assert.IsType<FunctionOutcome.ErrorOutcome>(await CallApp(_peer, id, "no_such_function"));

        Assert.Contains("no_such_function", outcome.Message);
    }

    [Fact]
    public async Task Guarded_functions_refuse_strangers_unless_dev_mode_allows_anyone()
    {
        using var stranger = KeyPair.Generate();
        var config = new JsonObject { ["name"] = "avm" };

        var refused = await _peer.Error(_peer.Call("dist", "add_module", [Convert.ToBase64String(_fixture.AvmWasm), config], initPeerId: stranger.PeerId.ToString()));
        Assert.Contains("only available to the host", refused);

        await using var dev = new ServicesHarness(_fixture.Runtime, _store, _host, _data.Combine("dev"), o => o.AllowAnyoneToManage = true);
        var allowed = await dev.Builtins["dist"].CallAsync(dev.Call("dist", "add_module", [Convert.ToBase64String(_fixture.AvmWasm), config], initPeerId: stranger.PeerId.ToString()), CancellationToken.None);
        Assert.IsType<FunctionOutcome.OkOutcome>(allowed);
    }

    [Fact]
    public async Task Bad_input_gives_clear_errors_and_unknown_functions_fall_through()
    {
        var config = new JsonObject { ["name"] = "m" };

        Assert.Contains("base64", await _peer.Error("dist", "add_module", "%%%", config));
        Assert.Contains("not a valid Marine module", await _peer.Error("dist", "add_module", Convert.ToBase64String([0, 97, 115, 109, 1, 0, 0, 0, 7]), config));
        Assert.Contains("Missing argument 'config'", await _peer.Error("dist", "add_module", "AAAA"));
        Assert.Contains("must be a string", await _peer.Error("srv", "create", 42));
        Assert.Contains("not found", await _peer.Error("srv", "create", "bafkreifdehdwcppttfsqaju4kodgn5wgbefrarbzc72k4sore2bwpeq2fa"));
        var unknownModule = BlueprintCodec.EncodeToString("x", [Cid.Parse("bafkreifdehdwcppttfsqaju4kodgn5wgbefrarbzc72k4sore2bwpeq2fa")]);
        Assert.Contains("not found", await _peer.Error("dist", "add_blueprint", unknownModule));
        Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await _peer.Builtins["dist"].CallAsync(_peer.Call("dist", "nothing", []), CancellationToken.None));
        Assert.IsType<FunctionOutcome.NotDefinedOutcome>(await _peer.Builtins["srv"].CallAsync(_peer.Call("srv", "nothing", []), CancellationToken.None));
    }

    [Fact]
    public async Task Module_configs_are_made_from_positional_aqua_options()
    {
        var config = (await _peer.Ok("dist", "make_module_config",
            "files", new JsonArray(), new JsonArray(), new JsonArray(false), new JsonArray(),
            new JsonArray(new JsonArray(new JsonArray("K", "V"))), new JsonArray(new JsonArray(new JsonArray("/data", "data"))), new JsonArray(), new JsonArray(3)))!;
        var defaults = (await _peer.Ok("dist", "default_module_config", "plain"))!;

        Assert.Equal("""{"name":"files","logger_enabled":false,"logging_mask":3,"wasi":{"envs":{"K":"V"},"mapped_dirs":{"/data":"data"}}}""", config.ToJsonString());
        Assert.Equal("""{"name":"plain"}""", defaults.ToJsonString());
    }
}
