using Fluence.Kernel.Addressing;
using Fluence.Kernel.Host.Plugins;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fluence.Kernel.Host;

/// <summary>
/// A composed, validated peer. <see cref="RunAsync"/> starts it and runs until Ctrl+C, SIGTERM or cancellation,
/// then stops every service in reverse start order.
/// </summary>
public sealed class PeerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly PeerEnvironment _environment;
    private readonly IDisposable? _loader;

    internal PeerHost(IHost host, PeerPlan plan, PeerEnvironment environment, IDisposable? loader)
    {
        _host = host;
        Plan = plan;
        _environment = environment;
        _loader = loader;
    }

    public PeerPlan Plan { get; }
    public IPeerEnvironment Environment => _environment;
    public IServiceProvider Services => _host.Services;

    /// <summary>The transport's listen addresses (empty before start or without a transport).</summary>
    public IReadOnlyList<Multiaddr> ListenAddresses => Services.GetService<ITransport>()?.ListenAddresses ?? [];

    public Task StartAsync(CancellationToken cancellationToken) => _host.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _host.StopAsync(cancellationToken);

    /// <summary>Starts, waits for Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>, then stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After <see cref="StartAsync"/>: waits for Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>, then stops.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _host.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable)
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else
            _host.Dispose();
        _environment.Dispose();
        _loader?.Dispose();
    }
}
