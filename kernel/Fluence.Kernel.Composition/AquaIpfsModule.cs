using Fluence.Kernel.Host;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Storage.AquaIpfs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fluence.Kernel.Composition;

/// <summary>The <c>aqua-ipfs</c> builtin on the storage slot; options from section <c>AquaIpfs</c>, validated at start.</summary>
public sealed class AquaIpfsModule : IKernelModule
{
    public const string SectionName = "AquaIpfs";

    public string Name => "aqua-ipfs";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddAquaIpfs();
        services.AddOptions<AquaIpfsOptions>().Bind(configuration.GetSection(SectionName)).ValidateOnStart();
    }
}
