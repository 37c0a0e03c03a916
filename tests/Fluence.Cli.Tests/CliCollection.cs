namespace Fluence.Cli.Tests;

/// <summary>Each test starts whole peers (AquaVM pools, Wasmtime engines): one at a time on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "fluence CLI";
}
