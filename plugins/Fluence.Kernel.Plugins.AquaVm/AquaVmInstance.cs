using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>One pooled AquaVM: its service in the runtime and the reusable deadline of its invocations.</summary>
internal sealed class AquaVmInstance(IWasmService service) : IAsyncDisposable
{
    public IWasmService Service { get; } = service;

    public InvocationDeadline Deadline { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync().ConfigureAwait(false);
        Deadline.Dispose();
    }
}
