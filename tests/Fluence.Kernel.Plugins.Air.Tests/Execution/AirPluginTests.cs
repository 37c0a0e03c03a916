using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Plugins.Air.Syntax;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>The plugin's declarations: the interpreter slot, the Air options and the shared parse cache.</summary>
public sealed class AirPluginTests
{
    private sealed class RecordingRegistrar(IConfiguration configuration) : IPluginRegistrar
    {
        public Dictionary<Type, Func<IServiceProvider, object>> Provided { get; } = [];
        public PluginManifest Manifest { get; } = new()
        {
            Id = "native-air", Version = "1.0.0", Assembly = "Fluence.Kernel.Plugins.Air.dll", Abstractions = new Version(1, 0),
            Provides = [Slot.Interpreter], ConfigurationSection = "Air",
        };
        public IServiceCollection Services { get; } = new ServiceCollection();
        public IConfiguration Configuration { get; } = configuration;
        public OptionsBuilder<TOptions> AddOptions<TOptions>() where TOptions : class => Services.AddOptions<TOptions>().Bind(Configuration);
        public void Provide<TContract>(Func<IServiceProvider, TContract> factory) where TContract : class => Provided[typeof(TContract)] = factory;
        public void Provide<TContract, TImplementation>() where TContract : class where TImplementation : class, TContract =>
            Provide<TContract>(sp => ActivatorUtilities.CreateInstance<TImplementation>(sp));
    }

    [Fact]
    public void The_embedded_manifest_provides_the_interpreter_slot()
    {
        using var stream = typeof(AirPlugin).Assembly.GetManifestResourceStream("plugin.json")!;
        var manifest = JsonNode.Parse(stream)!;

        Assert.Equal("native-air", manifest["id"]!.GetValue<string>());
        Assert.Equal("""["interpreter"]""", manifest["provides"]!.ToJsonString());
        Assert.Equal("Air", manifest["configurationSection"]!.GetValue<string>());
    }

    [Fact]
    public async Task Registration_provides_a_native_interpreter_over_the_configured_parse_cache()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ParseCacheCapacity"] = "7" }).Build();
        var registrar = new RecordingRegistrar(configuration);

        new AirPlugin().Register(registrar);

        Assert.Equal([typeof(IAirInterpreter)], registrar.Provided.Keys);
        await using var provider = registrar.Services.BuildServiceProvider();
        var interpreter = Assert.IsType<NativeAirInterpreter>(registrar.Provided[typeof(IAirInterpreter)](provider));
        Assert.Equal("native", interpreter.Name);
        Assert.Equal(7, provider.GetRequiredService<AirParseCache>().Capacity);
    }

    [Fact]
    public void A_non_positive_cache_capacity_fails_options_validation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ParseCacheCapacity"] = "0" }).Build();
        var registrar = new RecordingRegistrar(configuration);
        new AirPlugin().Register(registrar);
        using var provider = registrar.Services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AirOptions>>().Value);
    }

    [Fact]
    public void A_non_positive_invocation_timeout_fails_options_validation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["InvocationTimeout"] = "00:00:00" }).Build();
        var registrar = new RecordingRegistrar(configuration);
        new AirPlugin().Register(registrar);
        using var provider = registrar.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AirOptions>>().Value);
        Assert.Contains("Air:InvocationTimeout", error.Message);
    }
}
