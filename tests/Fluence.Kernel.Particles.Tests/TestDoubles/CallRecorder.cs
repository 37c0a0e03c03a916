using System.Collections.Concurrent;
using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Tests.TestDoubles;

/// <summary>A builtin service <c>recorder</c> that counts its calls per peer and answers <c>recorder.echo</c> with its argument.</summary>
public sealed class CallRecorder : IBuiltinService
{
    private readonly ConcurrentQueue<ServiceCall> _calls = new();

    public string ServiceId => "recorder";

    public IReadOnlyCollection<ServiceCall> Calls => _calls;

    public ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        _calls.Enqueue(call);
        return call.FunctionName switch
        {
            "echo" => ValueTask.FromResult(FunctionOutcome.Ok(call.Arguments.Count > 0 ? call.Arguments[0]?.DeepClone() : null)),
            "fail" => ValueTask.FromResult(FunctionOutcome.Error("recorder was told to fail")),
            _ => ValueTask.FromResult(FunctionOutcome.NotDefined),
        };
    }
}
