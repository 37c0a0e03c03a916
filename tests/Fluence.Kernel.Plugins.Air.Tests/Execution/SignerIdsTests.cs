using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Execution;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

public sealed class SignerIdsTests
{
    private static PeerSignature SignatureOf(KeyPair key) => DataSignatures.Sign(key, Array.Empty<CidRef>(), "particle");

    [Fact]
    public void A_signature_s_signer_is_the_peer_of_its_key()
    {
        var key = KeyPair.Generate();

        var signers = new SignerIds();

        Assert.Equal(key.PeerId.ToString(), signers.TextOf(SignatureOf(key)));
        Assert.Equal(key.PeerId, signers.Of(SignatureOf(key)));
    }

    [Fact]
    public void Equal_keys_held_in_different_arrays_are_one_signer_and_other_keys_are_not()
    {
        var (one, other) = (KeyPair.Generate(), KeyPair.Generate());
        var signers = new SignerIds();

        var first = signers.Of(SignatureOf(one));

        Assert.Same(first, signers.Of(SignatureOf(one)));
        Assert.NotEqual(first, signers.Of(SignatureOf(other)));
        Assert.Equal(other.PeerId.ToString(), signers.TextOf(SignatureOf(other)));
    }

    [Fact]
    public void A_signer_met_by_an_earlier_invocation_is_the_same_peer_instance_and_text()
    {
        var key = KeyPair.Generate();
        var earlier = new SignerIds();
        var later = new SignerIds();

        var peer = earlier.Of(SignatureOf(key));

        Assert.Same(peer, later.Of(SignatureOf(key)));
        Assert.Same(earlier.TextOf(SignatureOf(key)), later.TextOf(SignatureOf(key)));
        Assert.Equal(key.PeerId, later.Of(SignatureOf(key)));
    }
}
