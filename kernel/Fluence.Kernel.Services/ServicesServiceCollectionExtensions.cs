using Fluence.Kernel.Builtins;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Services.AppServices;
using Fluence.Kernel.Services.Builtins;
using Fluence.Kernel.Services.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Services;

public static class ServicesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the module repository, the app service registry (an <see cref="IPeerLifecycle"/>), the
    /// <c>dist</c> and <c>srv</c> builtins (as <see cref="IBuiltinService"/>) and <see cref="AppServiceDispatcher"/>.
    /// Needs <c>IWasmRuntime</c>, <c>IContentStore</c> and <c>IPeerEnvironment</c> in the container; options
    /// <see cref="ServicesOptions"/> are bound by the caller (section <see cref="ServicesOptions.SectionName"/>) and
    /// checked by <see cref="ServicesOptionsValidator"/>. When a worker is removed, call
    /// <see cref="AppServiceRegistry.RemoveScopeAsync"/> for its scope.
    /// </summary>
    public static IServiceCollection AddFluenceServices(this IServiceCollection services)
    {
        services.AddOptions<ServicesOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServicesOptions>, ServicesOptionsValidator>());
        services.TryAddSingleton<ModuleRepository>();
        services.TryAddSingleton<AppServiceRegistry>();
        services.TryAddSingleton<ManagementGuard>();
        services.TryAddSingleton<AppServiceDispatcher>();
        services.TryAddSingleton<DistBuiltinService>();
        services.TryAddSingleton<SrvBuiltinService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBuiltinService, DistBuiltinService>(sp => sp.GetRequiredService<DistBuiltinService>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBuiltinService, SrvBuiltinService>(sp => sp.GetRequiredService<SrvBuiltinService>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPeerLifecycle, AppServiceRegistry>(sp => sp.GetRequiredService<AppServiceRegistry>()));
        return services;
    }
}
