using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.AquaVm.Tests;

public sealed class AquaVmOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var result = new AquaVmOptionsValidator().Validate(null, new AquaVmOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(2 * Environment.ProcessorCount, new AquaVmOptions().PoolSize);
    }

    [Fact]
    public void The_default_path_is_the_installed_component()
    {
        var expected = RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm");
        Assert.Equal(Path.GetFullPath(expected), AvmWasmLocator.Resolve(null));
    }

    [Theory]
    [InlineData(0, 30, 1 << 30, "off", "AquaVm:PoolSize")]
    [InlineData(2, 0, 1 << 30, "off", "AquaVm:InvocationTimeout")]
    [InlineData(2, 30, 1024, "off", "AquaVm:MemoryLimitBytes")]
    [InlineData(2, 30, 1 << 30, "loud", "AquaVm:WasmLog")]
    [InlineData(2, 30, 1 << 30, "off", "AquaVm:AvmWasmPath", " ")]
    public void Out_of_range_values_fail_naming_their_key(int poolSize, int timeoutSeconds, long memory, string log, string key, string? path = null)
    {
        var options = new AquaVmOptions
        {
            AvmWasmPath = path,
            PoolSize = poolSize,
            InvocationTimeout = TimeSpan.FromSeconds(timeoutSeconds),
            MemoryLimitBytes = (ulong)memory,
            WasmLog = log,
        };

        var result = new AquaVmOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage);
    }
}
