using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Particles.Client;

/// <summary>Fails a pending call as soon as the client's own interpreter run for its particle fails, instead of waiting for the TTL.</summary>
internal sealed class FailFastInterpreter(IAirInterpreter inner, ClientServiceCalls calls) : IAirInterpreter
{
    public string Name => inner.Name;

    public string Version => inner.Version;

    public async ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken)
    {
        var outcome = await inner.InvokeAsync(invocation, cancellationToken);
        if (!outcome.IsSuccess && calls.SessionsByParticleId.TryGetValue(invocation.Parameters.ParticleId, out var session))
            session.Result.TrySetException(new AirExecutionException(outcome.RetCode, outcome.ErrorMessage));
        return outcome;
    }
}
