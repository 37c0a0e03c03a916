using System.Buffers;
using System.Text;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Plugins.Libp2p.Wire;

/// <summary>
/// Writes the protobuf wire format for the handful of libp2p messages we speak (noise payload, identify, kademlia,
/// keys). Hand-written instead of Google.Protobuf: five small messages do not justify a protoc build step, and this
/// writes straight into a pooled buffer.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public void WriteVarint(int field, ulong value)
    {
        WriteRawVarint((ulong)(field << 3));
        WriteRawVarint(value);
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteRawVarint((ulong)(field << 3 | 2));
        WriteRawVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void WriteRawVarint(ulong value)
    {
        var span = _buffer.GetSpan(Varint.MaxLength + 1);
        _buffer.Advance(Varint.Write(span, value));
    }
}
