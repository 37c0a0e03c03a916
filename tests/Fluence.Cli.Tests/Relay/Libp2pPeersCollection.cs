namespace Fluence.Cli.Tests.Relay;

/// <summary>The tests that talk to the same two running libp2p peers (started once, they take a while to start).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Libp2pPeersCollection : ICollectionFixture<Libp2pPeers>
{
    public const string Name = "two libp2p peers";
}
