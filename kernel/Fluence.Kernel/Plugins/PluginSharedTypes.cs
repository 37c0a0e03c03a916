using Fluence.Kernel.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// The types that cross the plugin boundary; their assemblies (and those assemblies' dependencies) are loaded once,
/// by the host, and every plugin sees the host's copy. Everything else a plugin carries is private to it.
/// </summary>
public static class PluginSharedTypes
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(IFluencePlugin),          // Fluence.Kernel.Abstractions
        typeof(IServiceCollection),      // Microsoft.Extensions.DependencyInjection.Abstractions
        typeof(IConfiguration),          // Microsoft.Extensions.Configuration.Abstractions
        typeof(ILogger),                 // Microsoft.Extensions.Logging.Abstractions
        typeof(IOptions<>),              // Microsoft.Extensions.Options
        typeof(IHostedService),          // Microsoft.Extensions.Hosting.Abstractions
    ];
}
