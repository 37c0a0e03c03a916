using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Services.Tests;

public sealed class ServicesOptionsValidatorTests
{
    [Fact]
    public void Defaults_and_a_real_manager_are_valid()
    {
        using var manager = KeyPair.Generate();
        var validator = new ServicesOptionsValidator();

        Assert.True(validator.Validate(null, new ServicesOptions()).Succeeded);
        Assert.True(validator.Validate(null, new ServicesOptions { ManagementPeerId = manager.PeerId.ToString() }).Succeeded);
    }

    [Fact]
    public void Bad_values_fail_naming_their_keys()
    {
        var result = new ServicesOptionsValidator().Validate(null, new ServicesOptions
        {
            MaxModuleBytes = 0,
            CallTimeout = TimeSpan.Zero,
            ServiceMemoryLimitBytes = 10,
            ManagementPeerId = "not-a-peer",
        });

        Assert.True(result.Failed);
        foreach (var key in new[] { "Services:MaxModuleBytes", "Services:CallTimeout", "Services:ServiceMemoryLimitBytes", "Services:ManagementPeerId" })
            Assert.Contains(key, result.FailureMessage);
    }
}
