using System.Buffers;
using Fluence.Kernel.Particles.Wire;

namespace Fluence.Kernel.Particles.Tests.Wire;

public sealed class LengthPrefixedFramesTests
{
    [Fact]
    public void A_frame_split_across_segments_is_read_only_once_complete()
    {
        var frame = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var bytes = LengthPrefixedFrames.Encode(frame);
        Assert.Equal(new byte[] { 0xac, 0x02 }, bytes[..2]);

        var partial = new ReadOnlySequence<byte>(bytes.AsMemory(0, 100));
        Assert.False(LengthPrefixedFrames.TryRead(ref partial, 1000, out _));

        var whole = new ReadOnlySequence<byte>([.. bytes, .. bytes]);
        Assert.True(LengthPrefixedFrames.TryRead(ref whole, 1000, out var first));
        Assert.Equal(frame, first.ToArray());
        Assert.True(LengthPrefixedFrames.TryRead(ref whole, 1000, out var second));
        Assert.Equal(frame, second.ToArray());
        Assert.Equal(0, whole.Length);
    }

    [Fact]
    public void A_length_prefix_above_the_maximum_frame_size_is_an_error()
    {
        var bytes = new ReadOnlySequence<byte>(LengthPrefixedFrames.Encode(new byte[2000]));

        var error = Assert.Throws<ParticleFormatException>(() => LengthPrefixedFrames.TryRead(ref bytes, 1000, out _));
        Assert.Contains("exceeds the maximum", error.Message);
    }

    [Fact]
    public void A_varint_longer_than_nine_bytes_is_an_error()
    {
        var bytes = new ReadOnlySequence<byte>(Enumerable.Repeat((byte)0xff, 12).ToArray());

        Assert.Throws<ParticleFormatException>(() => LengthPrefixedFrames.TryRead(ref bytes, 1000, out _));
    }
}
