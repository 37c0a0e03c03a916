using System.Text.Json;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Loopback.Tests;

public sealed class LoopbackPluginTests
{
    [Fact]
    public void The_embedded_manifest_declares_the_transport_slot_and_the_loopback_section()
    {
        using var stream = typeof(LoopbackPlugin).Assembly.GetManifestResourceStream("plugin.json");
        Assert.NotNull(stream);
        using var manifest = JsonDocument.Parse(stream);

        Assert.Equal("loopback", manifest.RootElement.GetProperty("id").GetString());
        Assert.Equal("Fluence.Kernel.Plugins.Loopback.dll", manifest.RootElement.GetProperty("assembly").GetString());
        Assert.Equal(["transport"], manifest.RootElement.GetProperty("provides").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Loopback", manifest.RootElement.GetProperty("configurationSection").GetString());
    }

    [Fact]
    public async Task Registration_provides_a_transport_bound_to_the_loopback_section()
    {
        var network = $"plugin-{Guid.NewGuid():N}";
        var registrar = new RecordingRegistrar(new Dictionary<string, string?> { ["Network"] = network, ["InboundCapacity"] = "7" });
        using var key = KeyPair.Generate();
        registrar.Services.AddSingleton<IPeerEnvironment>(new TestPeerEnvironment(key));
        registrar.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        registrar.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));

        new LoopbackPlugin().Register(registrar);
        await using var services = registrar.Services.BuildServiceProvider();
        var transport = Assert.IsType<LoopbackTransport>(services.GetRequiredService<ITransport>());
        await transport.StartAsync(CancellationToken.None);

        Assert.Contains(key.PeerId, LoopbackNetwork.Get(network).Members);
        Assert.Equal(7, services.GetRequiredService<IOptions<LoopbackOptions>>().Value.InboundCapacity);
        await transport.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void A_loss_rate_above_one_fails_validation()
    {
        var registrar = new RecordingRegistrar(new Dictionary<string, string?> { ["LossRate"] = "1.5" });
        new LoopbackPlugin().Register(registrar);
        using var services = registrar.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LoopbackOptions>>().Value);
        Assert.Contains("LossRate", error.Message);
    }

    /// <summary>A minimal registrar: the plugin's section, options bound to it, slot providers registered directly.</summary>
    private sealed class RecordingRegistrar(Dictionary<string, string?> section) : IPluginRegistrar
    {
        public PluginManifest Manifest { get; } = new()
        {
            Id = "loopback", Version = "1.0.0", Assembly = "Fluence.Kernel.Plugins.Loopback.dll", Abstractions = new Version(1, 0),
        };

        public IServiceCollection Services { get; } = new ServiceCollection();

        public IConfiguration Configuration { get; } = new ConfigurationBuilder().AddInMemoryCollection(section).Build();

        public OptionsBuilder<TOptions> AddOptions<TOptions>() where TOptions : class =>
            Services.AddOptions<TOptions>().Bind(Configuration);

        public void Provide<TContract>(Func<IServiceProvider, TContract> factory) where TContract : class => Services.AddSingleton(factory);

        public void Provide<TContract, TImplementation>() where TContract : class where TImplementation : class, TContract =>
            Services.AddSingleton<TContract, TImplementation>();
    }
}
