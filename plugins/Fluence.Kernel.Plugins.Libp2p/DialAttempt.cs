namespace Fluence.Kernel.Plugins.Libp2p;

/// <summary>The outcome of dialling a peer: the connection, or why each of its addresses failed.</summary>
internal readonly record struct DialAttempt(Libp2pConnection? Connection, string? Failure)
{
    public static DialAttempt Failed(string reason) => new(null, reason);
}
