// The test classes start whole peers (AquaVM pools, Wasmtime engines) and node processes: on a small machine two
// collections at once starve each other's particle TTLs, so the collections run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
