using Fluence.Kernel.Conformance;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage.UnixFs;
using Xunit;

namespace Fluence.Kernel.Storage.Tests;

public sealed class UnixFsCodecTests
{
    [Fact]
    public void A_dag_pb_node_round_trips_with_links_before_data()
    {
        var child = Cid.RawSha256([1, 2, 3]);
        var data = new UnixFsData(UnixFsType.File, null, 300, [100, 200]).Encode();
        var node = new DagPbNode([new DagPbLink(child, "", 100), new DagPbLink(child, "name", 200)], data);

        var bytes = node.Encode();
        var decoded = DagPbNode.Decode(bytes);

        Assert.Equal(0x12, bytes[0]); // field 2 (Links), length-delimited: links come first
        Assert.Equal(node.Links, decoded.Links);
        Assert.Equal(data, decoded.Data!.Value.ToArray());
        var unixfs = UnixFsData.Decode(decoded.Data!.Value.Span);
        Assert.Equal(UnixFsType.File, unixfs.Type);
        Assert.Equal(300UL, unixfs.FileSize);
        Assert.Equal([100UL, 200UL], unixfs.BlockSizes);
        Assert.Null(unixfs.Data);
    }

    [Fact]
    public void A_truncated_dag_pb_node_fails_with_a_clear_error()
    {
        var bytes = new DagPbNode([new DagPbLink(Cid.RawSha256([1]), "", 1)], new byte[] { 8, 2 }).Encode();

        var error = Assert.Throws<FormatException>(() => DagPbNode.Decode(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Contains("protobuf", error.Message);
    }

    [Fact]
    public void A_UnixFS_message_without_a_type_is_refused()
    {
        Assert.Throws<FormatException>(() => UnixFsData.Decode([0x18, 0x05])); // filesize only
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(100_000)]
    [InlineData(262_144)]
    [InlineData(262_145)]
    public void The_CID_does_not_depend_on_how_the_bytes_arrive(int pieceSize)
    {
        var bytes = StorageConformance.TestContent.Bytes(3 * 262_144 + 77, seed: 31);
        var whole = UnixFsFileHasher.Compute(bytes);

        using var hasher = new UnixFsFileHasher();
        for (int offset = 0; offset < bytes.Length; offset += pieceSize)
            hasher.Append(bytes.AsSpan(offset, Math.Min(pieceSize, bytes.Length - offset)));
        var pieces = hasher.Complete();

        Assert.Equal(whole, pieces);
        Assert.Equal(new ContentStat(whole.Cid, bytes.Length, 5), whole);
    }

    [Fact]
    public void The_CIDv0_of_an_empty_file_is_the_one_ipfs_add_gives()
    {
        using var hasher = new UnixFsFileHasher(UnixFsImportFormat.CidV0);
        Assert.Equal("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", hasher.Complete().Cid.ToString());
    }

    [Fact]
    public void The_builder_hands_out_every_inner_node_children_first()
    {
        var builder = new UnixFsFileBuilder();
        var chunk = new byte[16];
        var nodes = new List<UnixFsBlock>();
        for (int i = 0; i < UnixFsFileBuilder.MaxLinksPerNode + 1; i++)
        {
            chunk[0] = (byte)i;
            chunk[1] = (byte)(i >> 8);
            builder.AddLeaf(chunk);
            nodes.AddRange(builder.TakeCompletedNodes());
        }
        var root = builder.Complete();
        nodes.AddRange(builder.TakeCompletedNodes());

        // 175 leaves: a full node of 174, a node of 1, and the root over both.
        Assert.Equal(3, nodes.Count);
        Assert.Equal(root.Cid, nodes[^1].Cid);
        var rootNode = DagPbNode.Decode(nodes[^1].Bytes);
        Assert.Equal([nodes[0].Cid, nodes[1].Cid], rootNode.Links.Select(l => l.Cid));
        Assert.Equal(175 + 3, root.BlockCount);
    }
}
