using System.Buffers.Binary;
using System.Text;

namespace Fluence.Kernel.Particles;

/// <summary>
/// A particle: a signed AIR script with data, as the Fluence network carries it. <see cref="Data"/> is AquaVM's
/// opaque state and changes on every hop; the other fields are fixed by the originator and covered by
/// <see cref="Signature"/> (all but <see cref="InitPeerId"/> and <see cref="Data"/>).
/// </summary>
/// <param name="Id">Particle id, usually a UUID; spells use <c>spell_{id}_{counter}</c>. Not unique by itself.</param>
/// <param name="InitPeerId">Base58 peer id of the originator; its key verifies <see cref="Signature"/>. Kept as text
/// so that a particle with an unverifiable id can still be decoded, logged and dropped.</param>
/// <param name="Timestamp">Creation time, Unix milliseconds.</param>
/// <param name="Ttl">Validity in milliseconds from <see cref="Timestamp"/>.</param>
public sealed record Particle(
    string Id,
    string InitPeerId,
    ulong Timestamp,
    uint Ttl,
    string Script,
    ReadOnlyMemory<byte> Signature,
    ReadOnlyMemory<byte> Data)
{
    /// <summary>Unix milliseconds after which the particle is expired; 0 when timestamp + ttl overflows (always expired).</summary>
    public ulong Deadline => Timestamp > ulong.MaxValue - Ttl ? 0 : Timestamp + Ttl;

    public bool IsExpired(DateTimeOffset now) => (ulong)Math.Max(0, now.ToUnixTimeMilliseconds()) > Deadline;

    public TimeSpan TimeLeft(DateTimeOffset now) =>
        TimeSpan.FromMilliseconds(Math.Max(0, (double)Deadline - now.ToUnixTimeMilliseconds()));

    /// <summary>The signed bytes: id ‖ timestamp (u64 LE) ‖ ttl (u32 LE) ‖ script.</summary>
    public byte[] GetSignedBytes()
    {
        int idLength = Encoding.UTF8.GetByteCount(Id);
        int scriptLength = Encoding.UTF8.GetByteCount(Script);
        var bytes = new byte[idLength + 8 + 4 + scriptLength];
        Encoding.UTF8.GetBytes(Id, bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(idLength), Timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(idLength + 8), Ttl);
        Encoding.UTF8.GetBytes(Script, bytes.AsSpan(idLength + 12));
        return bytes;
    }

    /// <summary>Shows what Nox logs: never the script or the data, only their size.</summary>
    public override string ToString() =>
        $"Particle {{ id: {Id}, init_peer_id: {InitPeerId}, timestamp: {Timestamp}, ttl: {Ttl}, data: {Data.Length} bytes }}";
}
