using Fluence.Kernel.Particles;
using Xunit;

namespace Fluence.Kernel.Abstractions.Tests;

public sealed class ParticleTests
{
    private static Particle At(ulong timestamp, uint ttl) => new("id", "peer", timestamp, ttl, "(null)", default, default);

    [Fact]
    public void A_particle_expires_after_its_timestamp_plus_ttl()
    {
        var particle = At(1_000_000, 7000);

        Assert.Equal(1_007_000UL, particle.Deadline);
        Assert.False(particle.IsExpired(DateTimeOffset.FromUnixTimeMilliseconds(1_007_000)));
        Assert.True(particle.IsExpired(DateTimeOffset.FromUnixTimeMilliseconds(1_007_001)));
        Assert.Equal(TimeSpan.FromMilliseconds(2000), particle.TimeLeft(DateTimeOffset.FromUnixTimeMilliseconds(1_005_000)));
        Assert.Equal(TimeSpan.Zero, particle.TimeLeft(DateTimeOffset.FromUnixTimeMilliseconds(2_000_000)));
    }

    [Fact]
    public void A_deadline_that_overflows_is_always_expired()
    {
        var particle = At(ulong.MaxValue - 10, 100);
        Assert.Equal(0UL, particle.Deadline);
        Assert.True(particle.IsExpired(DateTimeOffset.FromUnixTimeMilliseconds(1)));
    }

    [Fact]
    public void The_text_form_never_shows_the_script_or_data()
    {
        var particle = new Particle("p1", "peer", 1, 2, "(call %init_peer_id% (\"secret\" \"fn\") [])", default, new byte[] { 1, 2, 3 });
        var text = particle.ToString();
        Assert.DoesNotContain("secret", text);
        Assert.Contains("data: 3 bytes", text);
    }
}
