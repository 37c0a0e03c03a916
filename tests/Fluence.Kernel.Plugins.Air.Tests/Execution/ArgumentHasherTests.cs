using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Execution;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>The argument hash written straight as UTF-8 (plain scalars) against the hash of the arguments' JSON text.</summary>
public sealed class ArgumentHasherTests
{
    public static TheoryData<string> ArgumentLists() => new(
    [
        "empty", "null", "booleans", "integers", "element integers", "small int", "strings", "escapes", "control", "long string",
        "element long string", "float", "array", "object", "mixed", "many",
    ]);

    private static List<JsonNode?> Arguments(string name) => name switch
    {
        "empty" => [],
        "null" => [null],
        "booleans" => [JsonValue.Create(true), JsonValue.Create(false)],
        "integers" => [JsonValue.Create(0UL), JsonValue.Create(ulong.MaxValue), JsonValue.Create(long.MinValue), JsonValue.Create(-1L)],
        "element integers" => [.. JsonNode.Parse("[1,-2,18446744073709551615,1.0,1e2]")!.AsArray().Select(n => n?.DeepClone())],
        "small int" => [JsonValue.Create(5), JsonValue.Create(7u)],
        "strings" => [JsonValue.Create(""), JsonValue.Create("abc"), JsonValue.Create("é 日本 \U0001F600 \u007f \u2028")],
        "escapes" => [JsonValue.Create("a\"b"), JsonValue.Create("back\\slash")],
        "control" => [JsonValue.Create("line\nbreak\u0001")],
        "long string" => [JsonValue.Create(new string('x', 300))],
        "element long string" => [JsonNode.Parse("[\"" + new string('y', 2000) + "\"]")!.AsArray()[0]?.DeepClone()],
        "float" => [JsonValue.Create(1.5), JsonValue.Create(-0.0)],
        "array" => [new JsonArray(1, "a", null)],
        "object" => [new JsonObject { ["b"] = 1, ["a"] = true }],
        "mixed" => [JsonValue.Create("peer"), null, JsonValue.Create(42UL), new JsonArray(), JsonValue.Create(false)],
        "many" => [.. Enumerable.Range(0, 100).Select(i => (JsonNode?)JsonValue.Create((ulong)i * 1_000_000_007UL))],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ArgumentLists))]
    public void The_argument_hash_is_the_CID_of_the_arguments_JSON_text(string name)
    {
        var hasher = new ArgumentHasher();
        var arguments = Arguments(name);
        var expected = AquaCid.OfJson(hasher.Text(arguments));

        Assert.Equal(expected, hasher.Of(arguments).Value);
        Assert.True(hasher.Matches(arguments, new CidRef(expected)));
    }

    [Fact]
    public void Different_arguments_do_not_match_a_stored_hash()
    {
        var hasher = new ArgumentHasher();
        var stored = hasher.Of([JsonValue.Create(1UL)]);

        Assert.False(hasher.Matches([JsonValue.Create(2UL)], stored));
        Assert.False(hasher.Matches([JsonValue.Create("1")], stored));
    }

    [Fact]
    public void One_hasher_hashing_argument_lists_in_turn_gives_each_its_own_cid()
    {
        // Repeated texts reuse the last hash: the lists come back in an order that repeats, alternates and changes length.
        var hasher = new ArgumentHasher();
        foreach (var name in new[] { "integers", "integers", "small int", "integers", "empty", "empty", "strings", "long string", "long string", "small int" })
        {
            var arguments = Arguments(name);
            Assert.Equal(AquaCid.OfJson(hasher.Text(arguments)), hasher.Of(arguments).Value);
        }
        hasher.Forget();
        Assert.Equal(AquaCid.OfJson("[5,7]"), hasher.Of(Arguments("small int")).Value);
    }
}
