using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Plugins.Loopback;
using Fluence.Kernel.Plugins.Scheduler;
using Fluence.Kernel.Scheduling;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>The slots every in-process test peer here fills the same way: a loopback network of its own, the shared interpreter, the scheduler plugin.</summary>
internal static class LoopbackPeerServices
{
    public static IServiceCollection AddLoopbackPeerSlots(this IServiceCollection services, IAirInterpreter interpreter, TimeProvider time, string? network = null)
    {
        services.AddSingleton(Options.Create(new LoopbackOptions { Network = network ?? $"workers-{Guid.NewGuid():N}" }));
        services.AddSingleton<LoopbackTransport>();
        services.AddSingleton<ITransport>(sp => sp.GetRequiredService<LoopbackTransport>());
        // Borrowed: the fixture owns the interpreter, the peer must not dispose it.
        services.AddSingleton<IAirInterpreter>(new BorrowedInterpreter(interpreter));
        services.AddSingleton<IScheduler>(_ => new TimeProviderScheduler(time, maxConcurrency: 4));
        return services;
    }
}
