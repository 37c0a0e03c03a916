using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Content;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.Ipfs;
using Fluence.Kernel.Plugins.Ipfs.Tests;
using Fluence.Kernel.Plugins.LocalStore;
using Fluence.Kernel.Storage.AquaIpfs;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Fluence.Kernel.Storage.Tests;

/// <summary>aqua-ipfs over the local store, fetching from a real js-ipfs daemon for <c>*_from</c>.</summary>
[Collection(IpfsDaemonCollection.Name)]
public sealed class AquaIpfsBuiltinTests : IDisposable
{
    private readonly IpfsDaemon _daemon;
    private readonly TempDirectory _data = new("aqua-ipfs");
    private readonly KeyPair _host = KeyPair.Generate();
    private readonly LocalContentStore _store;
    private readonly AquaIpfsBuiltin _builtin;
    private readonly string _vault;

    public AquaIpfsBuiltinTests(IpfsDaemonFixture fixture)
    {
        _daemon = fixture.Daemon;
        var environment = new Environment(_host, _data.Path);
        _store = new LocalContentStore(Options.Create(new LocalStoreOptions()), environment, NullLogger<LocalContentStore>.Instance);
        _builtin = new AquaIpfsBuiltin(_store, Options.Create(new AquaIpfsOptions
        {
            ExternalApiMultiaddr = "/dns4/ipfs.example/tcp/5001",
            FetchTimeout = TimeSpan.FromSeconds(10),
        }), NullLogger<AquaIpfsBuiltin>.Instance);
        _vault = _data.Combine("vault", "particle-1");
    }

    [Fact]
    public async Task Put_stores_a_vault_file_and_answers_its_CID()
    {
        var path = WriteVaultFile("module.wasm", "(module)");

        var result = await OkAsync("put", path);

        Assert.True((bool)result["success"]!);
        Assert.Equal("", (string)result["error"]!);
        Assert.Equal(Cid.RawSha256("(module)"u8).ToString(), (string)result["hash"]!);
        Assert.True(await _store.HasAsync(Cid.Parse((string)result["hash"]!), CancellationToken.None));
    }

    [Fact]
    public async Task Put_of_a_path_outside_the_vault_is_refused()
    {
        var outside = _data.Combine("secret.txt");
        File.WriteAllText(outside, "secret");

        var result = await OkAsync("put", outside);

        Assert.False((bool)result["success"]!);
        Assert.Contains("outside the particle's vault", (string)result["error"]!);
        Assert.Equal("", (string)result["hash"]!);
    }

    [Fact]
    public async Task Get_writes_stored_content_into_the_particle_vault()
    {
        var bytes = Conformance.StorageConformance.TestContent.Bytes(600_000, seed: 41);
        var cid = await _store.AddAsync(new MemoryStream(bytes), pin: true, CancellationToken.None);

        var result = await OkAsync("get", cid.ToString());

        Assert.True((bool)result["success"]!, (string?)result["error"]);
        var path = (string)result["path"]!;
        Assert.StartsWith(Path.GetFullPath(_vault) + Path.DirectorySeparatorChar, path);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Get_and_cat_of_a_CID_not_in_the_store_answer_success_false()
    {
        var missing = Cid.RawSha256("nowhere"u8).ToString();

        var get = await OkAsync("get", missing);
        var cat = await OkAsync("cat", missing);

        Assert.False((bool)get["success"]!);
        Assert.Contains("not in the store", (string)get["error"]!);
        Assert.Equal("", (string)get["path"]!);
        Assert.False((bool)cat["success"]!);
        Assert.Equal("", (string)cat["contents"]!);
    }

    [Fact]
    public async Task A_malformed_CID_answers_success_false_with_the_reason()
    {
        var result = await OkAsync("cat", "not-a-cid");

        Assert.False((bool)result["success"]!);
        Assert.Contains("invalid CID", (string)result["error"]!);
    }

    [Fact]
    public async Task Cat_answers_the_content_as_a_string()
    {
        var cid = await _store.AddAsync(new MemoryStream("{\"services\":[]}"u8.ToArray()), pin: true, CancellationToken.None);

        var result = await OkAsync("cat", cid.ToString());

        Assert.True((bool)result["success"]!);
        Assert.Equal("{\"services\":[]}", (string)result["contents"]!);
    }

    [Fact]
    public async Task Get_from_fetches_from_the_named_API_and_checks_the_CID()
    {
        using var daemon = new KuboClient(_daemon.ApiMultiaddr);
        var bytes = Conformance.StorageConformance.TestContent.Bytes(700_000, seed: 42);
        var added = await daemon.AddAsync(new MemoryStream(bytes), pin: false, CancellationToken.None);
        Assert.False(await _store.HasAsync(added.Cid, CancellationToken.None));

        var result = await OkAsync("get_from", added.Cid.ToString(), _daemon.ApiMultiaddr);

        Assert.True((bool)result["success"]!, (string?)result["error"]);
        Assert.Equal(bytes, File.ReadAllBytes((string)result["path"]!));
    }

    [Fact]
    public async Task Cat_from_fetches_a_worker_definition_from_the_named_API()
    {
        using var daemon = new KuboClient(_daemon.ApiMultiaddr);
        const string definition = """{"services":[{"name":"hello","modules":[{"name":"hello","wasm":"bafkrei"}],"total_memory_limit":0}],"spells":[]}""";
        var added = await daemon.AddAsync(new MemoryStream(Encoding.UTF8.GetBytes(definition)), pin: false, CancellationToken.None);

        var result = await OkAsync("cat_from", added.Cid.ToString(), _daemon.ApiMultiaddr);

        Assert.True((bool)result["success"]!, (string?)result["error"]);
        Assert.Equal(definition, (string)result["contents"]!);
    }

    [Fact]
    public async Task Get_from_a_node_serving_other_bytes_fails_and_leaves_no_file()
    {
        var cid = Cid.RawSha256("the module"u8);
        var (port, server) = OneShotHttpServer.Start("200 OK", "not the module");

        var result = await OkAsync("get_from", cid.ToString(), $"/ip4/127.0.0.1/tcp/{port}");

        Assert.False((bool)result["success"]!);
        Assert.Contains("not the requested file", (string)result["error"]!);
        Assert.True(!Directory.Exists(_vault) || Directory.GetFiles(_vault).Length == 0);
        await server;
    }

    [Fact]
    public async Task Get_from_an_unreachable_API_answers_success_false()
    {
        var result = await OkAsync("get_from", Cid.RawSha256("x"u8).ToString(), $"/ip4/127.0.0.1/tcp/{OneShotHttpServer.FreePort()}");

        Assert.False((bool)result["success"]!);
        Assert.Contains("cannot fetch", (string)result["error"]!);
    }

    [Fact]
    public async Task Get_from_prefers_the_local_store()
    {
        var cid = await _store.AddAsync(new MemoryStream("local"u8.ToArray()), pin: true, CancellationToken.None);

        // The API address points nowhere: the local copy must be used.
        var result = await OkAsync("cat_from", cid.ToString(), $"/ip4/127.0.0.1/tcp/{OneShotHttpServer.FreePort()}");

        Assert.True((bool)result["success"]!, (string?)result["error"]);
        Assert.Equal("local", (string)result["contents"]!);
    }

    [Fact]
    public async Task The_external_API_multiaddr_is_answered_and_only_the_host_may_change_it()
    {
        Assert.Equal("/dns4/ipfs.example/tcp/5001", (string)(await OkAsync("get_external_api_multiaddr"))["multiaddr"]!);

        var stranger = await OkFromAsync(KeyPair.Generate().PeerId.ToString(), "set_external_api_multiaddr", "/ip4/10.0.0.1/tcp/5001");
        Assert.False((bool)stranger["success"]!);

        var host = await OkFromAsync(_host.PeerId.ToString(), "set_external_api_multiaddr", "/ip4/10.0.0.1/tcp/5001");
        Assert.True((bool)host["success"]!);
        Assert.Equal("/ip4/10.0.0.1/tcp/5001", (string)(await OkAsync("get_external_api_multiaddr"))["multiaddr"]!);

        var malformed = await OkFromAsync(_host.PeerId.ToString(), "set_external_api_multiaddr", "localhost:5001");
        Assert.False((bool)malformed["success"]!);
    }

    [Fact]
    public async Task An_unknown_function_falls_through_and_a_malformed_call_fails()
    {
        Assert.Same(FunctionOutcome.NotDefined, await _builtin.CallAsync(Call(_host.PeerId.ToString(), "no_such_function"), CancellationToken.None));

        var missing = await _builtin.CallAsync(Call(_host.PeerId.ToString(), "get_from", "bafkrei"), CancellationToken.None);
        Assert.Contains("external_multiaddr", Assert.IsType<FunctionOutcome.ErrorOutcome>(missing).Message);

        var wrongType = await _builtin.CallAsync(Call(_host.PeerId.ToString(), "cat", JsonValue.Create(42)), CancellationToken.None);
        Assert.IsType<FunctionOutcome.ErrorOutcome>(wrongType);
    }

    [Fact]
    public void AddAquaIpfs_registers_the_builtin_under_its_service_id()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IContentStore>(_store);
        services.AddAquaIpfs();
        using var provider = services.BuildServiceProvider();

        var builtin = Assert.Single(provider.GetServices<IBuiltinService>());
        Assert.Equal("aqua-ipfs", builtin.ServiceId);
    }

    public void Dispose()
    {
        _builtin.Dispose();
        _data.Dispose();
    }

    private string WriteVaultFile(string name, string text)
    {
        Directory.CreateDirectory(_vault);
        var path = Path.Combine(_vault, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<JsonObject> OkAsync(string function, params string[] args) => OkFromAsync(_host.PeerId.ToString(), function, args);

    private async Task<JsonObject> OkFromAsync(string initPeerId, string function, params string[] args)
    {
        var outcome = await _builtin.CallAsync(Call(initPeerId, function, args.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()), CancellationToken.None);
        return Assert.IsType<JsonObject>(Assert.IsType<FunctionOutcome.OkOutcome>(outcome).Value);
    }

    private ServiceCall Call(string initPeerId, string function, params JsonNode?[] args)
    {
        var particle = new Particle("particle-1", initPeerId, 0, 60_000, "(null)", ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty);
        var context = new ParticleContext(particle, _host.PeerId, _host.PeerId, _vault);
        return new ServiceCall("aqua-ipfs", function, args, args.Select(_ => (IReadOnlyList<SecurityTetraplet>)[]).ToArray(), context);
    }

    private sealed class Environment(KeyPair host, string dataDirectory) : IPeerEnvironment
    {
        public KeyPair HostKey => host;
        public string DataDirectory => dataDirectory;
        public TimeProvider Time => TimeProvider.System;
    }
}
