using System.Text;
using Fluence.Kernel.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Fluence.Kernel.Plugins.Libp2p.Tests;

/// <summary>What a peer listens on, as the plugin binds it from a fluence.json section.</summary>
public sealed class ListenAddressesConfigurationTests
{
    [Fact]
    public void An_empty_json_array_means_listen_nowhere_not_the_defaults()
    {
        var options = Bind("""{ "ListenAddresses": [] }""");

        Assert.Empty(options.EffectiveListenAddresses);
    }

    [Fact]
    public void An_empty_value_on_the_command_line_means_listen_nowhere()
    {
        var section = new ConfigurationBuilder().AddCommandLine(["--ListenAddresses="]).Build();

        Assert.Empty(Bind(section).EffectiveListenAddresses);
    }

    [Fact]
    public void An_absent_key_still_means_the_defaults_and_a_list_replaces_them()
    {
        Assert.Equal(Libp2pOptions.DefaultListenAddresses, Bind("""{ "DialTimeout": "00:00:05" }""").EffectiveListenAddresses);
        Assert.Equal(["/ip4/127.0.0.1/tcp/0"], Bind("""{ "ListenAddresses": ["/ip4/127.0.0.1/tcp/0"] }""").EffectiveListenAddresses);
    }

    private static Libp2pOptions Bind(string json) =>
        Bind(new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build());

    /// <summary>Through the plugin's own registration, the way a peer host binds it.</summary>
    private static Libp2pOptions Bind(IConfiguration section)
    {
        var registrar = new SectionRegistrar(section);
        new Libp2pPlugin().Register(registrar);
        using var services = registrar.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<Libp2pOptions>>().Value;
    }

    /// <summary>A minimal registrar: the plugin's section, options bound to it, slot providers registered directly.</summary>
    private sealed class SectionRegistrar(IConfiguration section) : IPluginRegistrar
    {
        public PluginManifest Manifest { get; } = new()
        {
            Id = "libp2p", Version = "1.0.0", Assembly = "Fluence.Kernel.Plugins.Libp2p.dll", Abstractions = new Version(1, 0),
        };

        public IServiceCollection Services { get; } = new ServiceCollection();

        public IConfiguration Configuration { get; } = section;

        public OptionsBuilder<TOptions> AddOptions<TOptions>() where TOptions : class =>
            Services.AddOptions<TOptions>().Bind(Configuration);

        public void Provide<TContract>(Func<IServiceProvider, TContract> factory) where TContract : class => Services.AddSingleton(factory);

        public void Provide<TContract, TImplementation>() where TContract : class where TImplementation : class, TContract =>
            Services.AddSingleton<TContract, TImplementation>();
    }
}
