using Fluence.Kernel.Interpretation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>Plugin <c>aquavm</c>: provides the <c>interpreter</c> slot with <see cref="AquaVmInterpreter"/>.</summary>
public sealed class AquaVmPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<AquaVmOptions>();
        registrar.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AquaVmOptions>, AquaVmOptionsValidator>());
        // Only through the slot: a dormant candidate must not load avm.wasm. The kernel starts the provided
        // instance as an IPeerLifecycle, which loads avm.wasm and makes the first instance.
        registrar.Provide<IAirInterpreter, AquaVmInterpreter>();
    }
}
