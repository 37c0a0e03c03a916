using Fluence.Kernel.Builtins;
using Fluence.Kernel.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Fluence.Kernel.TestPlugins;

/// <summary>Adds only a builtin; its Newtonsoft.Json is a private dependency of this plugin.</summary>
public sealed class JsonOldPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar) =>
        registrar.Services.AddSingleton<IBuiltinService>(new NewtonsoftBuiltin("json-old"));
}
