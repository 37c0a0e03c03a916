using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>What an actor's mailbox holds: a copy of its particle that arrived, or the answer to one of its call requests.</summary>
internal abstract record ActorMessage
{
    public sealed record Arrived(Particle Particle) : ActorMessage;

    public sealed record CallAnswered(uint CallId, CallServiceResult Result) : ActorMessage;
}
