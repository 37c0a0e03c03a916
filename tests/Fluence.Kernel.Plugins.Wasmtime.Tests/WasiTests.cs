using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>WASI confined per service: mapped dirs under the service directory, envs, nothing else of the host.</summary>
public sealed class WasiTests : IAsyncLifetime
{
    private readonly RuntimeFixture _fixture = new();
    private IWasmService _service = null!;
    private string _workingDirectory = null!;

    public async Task InitializeAsync()
    {
        var definition = _fixture.Service("files", RuntimeFixture.Module("files", TestModules.C("files"), c => c with
        {
            MappedDirs = new Dictionary<string, string> { ["/data"] = "storage/data" },
            Envs = new Dictionary<string, string> { ["GREETING"] = "hi" },
        }));
        _workingDirectory = definition.WorkingDirectory;
        _service = await _fixture.Runtime.CreateServiceAsync(definition, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _fixture.Dispose();
    }

    private async Task<string> Call(string function, params string[] args) =>
        (await _service.CallJsonAsync(function, new JsonArray(args.Select(a => (JsonNode?)a).ToArray()), RuntimeFixture.CallParameters(), CancellationToken.None))!.GetValue<string>();

    [Fact]
    public async Task Files_written_in_a_mapped_dir_land_in_the_service_directory()
    {
        Assert.Equal("ok", await Call("write_file", "/data/note.txt", "persisted"));

        Assert.Equal("persisted", await Call("read_file", "/data/note.txt"));
        Assert.Equal("persisted", File.ReadAllText(Path.Combine(_workingDirectory, "storage", "data", "note.txt")));
    }

    [Fact]
    public async Task Nothing_outside_the_mapped_dirs_is_visible()
    {
        Assert.StartsWith("error", await Call("read_file", "/etc/passwd"));
        Assert.StartsWith("error", await Call("read_file", "/data/../../../../etc/passwd"));
        Assert.StartsWith("error", await Call("write_file", "/tmp/escape.txt", "x"));
    }

    [Fact]
    public async Task Configured_envs_and_the_service_id_are_in_the_environment()
    {
        Assert.Equal("hi", await Call("env", "GREETING"));
        Assert.Equal("files", await Call("env", "service_id"));
        Assert.Equal("", await Call("env", "HOME"));
    }
}
