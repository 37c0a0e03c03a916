using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Libp2p;

/// <summary>
/// Gives <c>"ListenAddresses": []</c> its documented meaning, listen nowhere. Configuration turns an empty JSON array
/// (or an empty value) into a key without children, which binding skips: the list would stay null and the peer would
/// listen on the defaults.
/// </summary>
internal sealed class EmptyListenAddresses(IConfiguration section) : IPostConfigureOptions<Libp2pOptions>
{
    public void PostConfigure(string? name, Libp2pOptions options)
    {
        var listen = section.GetSection(nameof(Libp2pOptions.ListenAddresses));
        if (options.ListenAddresses is null && listen.Value == "" && !listen.GetChildren().Any())
            options.ListenAddresses = [];
    }
}
