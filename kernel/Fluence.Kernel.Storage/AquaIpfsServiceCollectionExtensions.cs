using Fluence.Kernel.Builtins;
using Fluence.Kernel.Storage.AquaIpfs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fluence.Kernel.Storage;

public static class AquaIpfsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>aqua-ipfs</c> builtin service, answered by the storage slot (<see cref="IContentStore"/>, registered
    /// by whichever plugin provides the slot). Configure it with <c>services.Configure&lt;AquaIpfsOptions&gt;(…)</c>.
    /// </summary>
    public static IServiceCollection AddAquaIpfs(this IServiceCollection services)
    {
        services.AddOptions<AquaIpfsOptions>()
            .Validate(o => o.FetchTimeout > TimeSpan.Zero, "AquaIpfs:FetchTimeout must be positive")
            .Validate(o => o.MaxFileSize > 0 && o.MaxCatSize > 0, "AquaIpfs size limits must be positive");
        services.TryAddSingleton<AquaIpfsBuiltin>();
        services.AddSingleton<IBuiltinService>(sp => sp.GetRequiredService<AquaIpfsBuiltin>());
        return services;
    }
}
