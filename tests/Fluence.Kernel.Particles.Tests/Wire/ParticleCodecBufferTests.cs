using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Wire;

namespace Fluence.Kernel.Particles.Tests.Wire;

/// <summary>Encode reuses a per-thread scratch buffer: every frame must still be its own exact, independent array.</summary>
public sealed class ParticleCodecBufferTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_696_934_545_662);

    [Fact]
    public void A_small_frame_after_a_large_one_is_exactly_its_own_bytes()
    {
        using var key = KeyPair.Generate();
        var codec = new ParticleCodec();
        var small = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created);
        var large = small with { Data = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray() };
        var smallAlone = codec.Encode(small);

        var largeFrame = codec.Encode(large);
        var smallFrame = codec.Encode(small);

        Assert.Equal(smallAlone, smallFrame);
        Assert.Equal(large.Data.ToArray(), codec.Decode(largeFrame).Data.ToArray());
        Assert.Equal(small.Id, codec.Decode(smallFrame).Id);
    }

    [Fact]
    public void Frames_do_not_share_memory_with_each_other()
    {
        using var key = KeyPair.Generate();
        var codec = new ParticleCodec();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created);

        var first = codec.Encode(particle);
        var copy = first.ToArray();
        var second = codec.Encode(particle with { Data = new byte[] { 1, 2, 3 } });
        second.AsSpan().Fill(0xFF);

        Assert.Equal(copy, first);
    }
}
