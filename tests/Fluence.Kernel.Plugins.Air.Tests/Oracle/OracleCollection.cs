namespace Fluence.Kernel.Plugins.Air.Tests.Oracle;

/// <summary>Test classes that talk to the real AquaVM share one oracle process.</summary>
[CollectionDefinition(Name)]
public sealed class OracleCollection : ICollectionFixture<AquaVmOracle>
{
    public const string Name = "AquaVM oracle";
}
