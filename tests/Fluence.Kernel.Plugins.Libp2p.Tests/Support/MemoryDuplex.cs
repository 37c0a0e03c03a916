using System.IO.Pipelines;

namespace Fluence.Kernel.Plugins.Libp2p.Tests.Support;

/// <summary>Two ends of an in-memory connection, for testing one layer without sockets.</summary>
internal sealed class MemoryDuplex(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;
    public PipeWriter Output { get; } = output;

    public static (MemoryDuplex Left, MemoryDuplex Right) CreatePair()
    {
        var a = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var b = new Pipe(new PipeOptions(useSynchronizationContext: false));
        return (new MemoryDuplex(a.Reader, b.Writer), new MemoryDuplex(b.Reader, a.Writer));
    }
}
