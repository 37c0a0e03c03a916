using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.AquaVm.Tests;

public sealed class AquaVmPluginTests(AquaVmFixture fixture) : IClassFixture<AquaVmFixture>
{
    /// <summary>Collects what a plugin declares, the way the kernel's registrar does, without the kernel.</summary>
    private sealed class RecordingRegistrar(PluginManifest manifest) : IPluginRegistrar
    {
        public Dictionary<Type, Func<IServiceProvider, object>> Provided { get; } = [];
        public PluginManifest Manifest { get; } = manifest;
        public IServiceCollection Services { get; } = new ServiceCollection();
        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
        public OptionsBuilder<TOptions> AddOptions<TOptions>() where TOptions : class => Services.AddOptions<TOptions>().Bind(Configuration);
        public void Provide<TContract>(Func<IServiceProvider, TContract> factory) where TContract : class => Provided[typeof(TContract)] = factory;
        public void Provide<TContract, TImplementation>() where TContract : class where TImplementation : class, TContract =>
            Provide<TContract>(sp => ActivatorUtilities.CreateInstance<TImplementation>(sp));
    }

    private static JsonNode Manifest()
    {
        using var stream = typeof(AquaVmPlugin).Assembly.GetManifestResourceStream("plugin.json")!;
        return JsonNode.Parse(stream)!;
    }

    [Fact]
    public void The_embedded_manifest_provides_the_interpreter_and_requires_the_runtime()
    {
        var manifest = Manifest();

        Assert.Equal("aquavm", manifest["id"]!.GetValue<string>());
        Assert.Equal("""["interpreter"]""", manifest["provides"]!.ToJsonString());
        Assert.Equal("""["runtime"]""", manifest["requires"]!.ToJsonString());
        Assert.Equal("AquaVm", manifest["configurationSection"]!.GetValue<string>());
        Assert.Equal("Fluence.Kernel.Plugins.AquaVm.dll", manifest["assembly"]!.GetValue<string>());
    }

    [Fact]
    public async Task Registration_provides_only_the_interpreter_slot_and_it_runs_on_the_peers_runtime()
    {
        var registrar = new RecordingRegistrar(new PluginManifest
        {
            Id = "aquavm", Version = "1.0.0", Assembly = "Fluence.Kernel.Plugins.AquaVm.dll", Abstractions = new Version(1, 0),
            Provides = [Slot.Interpreter], Requires = [Slot.Runtime], ConfigurationSection = "AquaVm",
        });

        new AquaVmPlugin().Register(registrar);

        Assert.Equal([typeof(IAirInterpreter)], registrar.Provided.Keys);
        Assert.DoesNotContain(registrar.Services, d => d.ServiceType == typeof(AquaVmInterpreter));
        registrar.Services.AddLogging();
        registrar.Services.AddSingleton<IWasmRuntime>(fixture.Runtime);
        await using var provider = registrar.Services.BuildServiceProvider();
        await using var interpreter = Assert.IsType<AquaVmInterpreter>(registrar.Provided[typeof(IAirInterpreter)](provider));
        var poolSize = provider.GetRequiredService<IOptions<AquaVmOptions>>().Value.PoolSize;
        Assert.True(poolSize >= 2);
        await interpreter.StartAsync(CancellationToken.None);
        // The first instance exists when start returns; the rest of the pool (and one for loops) follows in the background.
        Assert.InRange(interpreter.LiveInstances, 1, poolSize + 1);
    }
}
