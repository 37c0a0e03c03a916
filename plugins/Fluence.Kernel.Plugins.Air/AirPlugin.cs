using Fluence.Kernel.Plugins.Air.Syntax;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Air;

/// <summary>
/// The native AIR plugin. Today it registers the shared parse cache only; it will provide the interpreter slot
/// (<c>IAirInterpreter</c>) once the execution semantics exist, and not before: nothing here pretends to interpret.
/// </summary>
public sealed class AirPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<AirOptions>().Validate(o => o.ParseCacheCapacity > 0, "Air:ParseCacheCapacity must be positive");
        registrar.Services.AddSingleton(sp => new AirParseCache(sp.GetRequiredService<IOptions<AirOptions>>().Value.ParseCacheCapacity));
    }
}
