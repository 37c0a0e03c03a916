using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Air;

/// <summary>The native AIR plugin: provides the interpreter slot with <see cref="NativeAirInterpreter"/> (no Wasm).</summary>
public sealed class AirPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<AirOptions>()
            .Validate(o => o.ParseCacheCapacity > 0, "Air:ParseCacheCapacity must be positive")
            .Validate(o => o.InvocationTimeout > TimeSpan.Zero, "Air:InvocationTimeout must be positive");
        registrar.Services.AddSingleton(sp => new AirParseCache(sp.GetRequiredService<IOptions<AirOptions>>().Value.ParseCacheCapacity));
        registrar.Provide<IAirInterpreter, NativeAirInterpreter>();
    }
}
