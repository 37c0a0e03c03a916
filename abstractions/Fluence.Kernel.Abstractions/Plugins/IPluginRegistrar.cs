using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins;

/// <summary>What a plugin sees while it registers.</summary>
public interface IPluginRegistrar
{
    PluginManifest Manifest { get; }

    /// <summary>The peer's container. Register private services freely; slot contracts only through <see cref="Provide{TContract}"/>.</summary>
    IServiceCollection Services { get; }

    /// <summary>This plugin's own configuration section (<see cref="PluginManifest.ConfigurationSection"/>); empty when absent.</summary>
    IConfiguration Configuration { get; }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to this plugin's section; the kernel validates every registered options
    /// type before the peer starts and reports the failing key and reason. Add validation to the returned builder
    /// (data annotations, <c>Validate(…)</c>).
    /// </summary>
    OptionsBuilder<TOptions> AddOptions<TOptions>() where TOptions : class;

    /// <summary>
    /// Declares the implementation of a slot contract (<c>ITransport</c>, <c>IWasmRuntime</c>, …). It is registered
    /// only when configuration makes this plugin the slot's provider; the manifest must list the slot.
    /// </summary>
    void Provide<TContract>(Func<IServiceProvider, TContract> factory) where TContract : class;

    /// <summary>Shorthand for <see cref="Provide{TContract}(Func{IServiceProvider, TContract})"/> with a type the container constructs.</summary>
    void Provide<TContract, TImplementation>() where TContract : class where TImplementation : class, TContract;
}
