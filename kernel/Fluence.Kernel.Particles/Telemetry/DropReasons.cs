namespace Fluence.Kernel.Particles.Telemetry;

/// <summary>The <c>reason</c> tag of <c>particles_dropped</c>.</summary>
public static class DropReasons
{
    public const string Malformed = "malformed";
    public const string Expired = "expired";
    public const string BadSignature = "bad_signature";
    public const string UnverifiablePeerId = "unverifiable_peer_id";
    public const string RefusedByScope = "refused_by_scope";
    public const string TooManyActors = "too_many_actors";
    public const string MailboxFull = "mailbox_full";
    public const string ExpiredBeforeSend = "expired_before_send";
    public const string ExpiredInFlight = "expired_in_flight";
}
