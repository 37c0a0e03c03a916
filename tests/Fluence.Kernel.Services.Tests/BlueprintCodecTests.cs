using Fluence.Kernel.Content;
using Fluence.Kernel.Services;
using Fluence.Kernel.Services.Blueprints;

namespace Fluence.Kernel.Services.Tests;

public sealed class BlueprintCodecTests
{
    private static readonly Cid First = Cid.Parse("bafybeiey4i2vtj7uu7tlvdoc2o52uuuwxa4ahcx5g4lpqzk4qtd5klniuq");
    private static readonly Cid Second = Cid.Parse("bafybeibuvzascfzi5ikyzhjxdkridgytg4z26ujtnx7xrejq7gxq54ssdm");

    [Fact]
    public void The_blueprint_id_is_the_one_nox_computes_for_the_same_blueprint()
    {
        // Nox's own test vector (service-modules blueprint.rs): trust-graph over two modules.
        var blueprint = Blueprint.Create("trust-graph", [First, Second]);

        Assert.Equal("bafkreifdehdwcppttfsqaju4kodgn5wgbefrarbzc72k4sore2bwpeq2fa", blueprint.Id);
        Assert.Equal(Second, blueprint.Facade);
    }

    [Fact]
    public void A_blueprint_encodes_as_compact_dag_json_with_sorted_keys_and_links()
    {
        var text = BlueprintCodec.EncodeToString("tg", [First]);

        Assert.Equal("""{"dependencies":[{"/":"bafybeiey4i2vtj7uu7tlvdoc2o52uuuwxa4ahcx5g4lpqzk4qtd5klniuq"}],"name":"tg"}""", text);
    }

    [Fact]
    public void Decoding_an_encoded_blueprint_gives_back_its_name_and_modules()
    {
        var (name, deps) = BlueprintCodec.Decode(BlueprintCodec.EncodeToString("a \"quoted\"\nname", [First, Second]));

        Assert.Equal("a \"quoted\"\nname", name);
        Assert.Equal([First, Second], deps);
    }

    [Theory]
    [InlineData("not json", "Error deserializing blueprint from IPLD")]
    [InlineData("""{"dependencies":[]}""", "name field is missing")]
    [InlineData("""{"name":"x"}""", "dependencies field is missing")]
    [InlineData("""{"name":1,"dependencies":[]}""", "name field is not a string")]
    [InlineData("""{"name":"x","dependencies":{}}""", "dependencies field is not a list")]
    [InlineData("""{"name":"x","dependencies":["bafkreifdehdwcppttfsqaju4kodgn5wgbefrarbzc72k4sore2bwpeq2fa"]}""", "dependency is not a link")]
    public void A_malformed_blueprint_fails_saying_what_is_wrong(string text, string expected)
    {
        var ex = Assert.Throws<ServiceException>(() => BlueprintCodec.Decode(text));
        Assert.Contains(expected, ex.Message);
    }
}
