using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Wire;

namespace Fluence.Kernel.Particles.Tests.Wire;

/// <summary>The table is process-wide and these tests empty it: they run alone, so no other test's texts race with theirs.</summary>
[CollectionDefinition(nameof(RepeatedTextTests), DisableParallelization = true)]
public sealed class RepeatedTextCollection;

[Collection(nameof(RepeatedTextTests))]
public sealed class RepeatedTextTests
{
    [Fact]
    public void Particles_with_the_same_script_and_init_peer_share_one_string_of_each()
    {
        using var client = KeyPair.Generate();
        var codec = new ParticleCodec();
        const string script = "(call %init_peer_id% (\"op\" \"noop\") [\"repeated-text-test\"])";
        var first = codec.Decode(codec.Encode(ParticleSigner.Create(client, script, TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow)));
        var second = codec.Decode(codec.Encode(ParticleSigner.Create(client, script, TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow)));

        Assert.Equal(script, first.Script);
        Assert.Same(first.Script, second.Script);
        Assert.Same(first.InitPeerId, second.InitPeerId);
        Assert.Equal(client.PeerId.ToString(), second.InitPeerId);
    }

    [Fact]
    public void A_text_is_only_ever_given_for_its_own_bytes()
    {
        var texts = Enumerable.Range(0, 3 * RepeatedText.Capacity).Select(i => $"(seq (null) \"{i}\") ✓").ToArray();

        // More texts than the table holds: it is emptied on the way and every lookup still gives its own text.
        foreach (var text in texts.Concat(texts))
            Assert.Equal(text, RepeatedText.Get(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Texts_longer_than_the_limit_are_decoded_but_not_kept()
    {
        var text = new string('x', RepeatedText.MaxBytes + 1);

        var first = RepeatedText.Get(Encoding.UTF8.GetBytes(text));
        var second = RepeatedText.Get(Encoding.UTF8.GetBytes(text));

        Assert.Equal(text, first);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Invalid_utf8_decodes_with_replacement_characters_as_messagepack_reads_it()
    {
        byte[] bytes = [0x61, 0xFF, 0x62];

        Assert.Equal("a\uFFFDb", RepeatedText.Get(bytes));
    }
}
