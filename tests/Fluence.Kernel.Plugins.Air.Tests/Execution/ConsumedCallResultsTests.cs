using Fluence.Kernel.Plugins.Air.Execution;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

public sealed class ConsumedCallResultsTests
{
    [Theory]
    [InlineData(500u, 500)]
    [InlineData(1_000_000u, 3)]
    [InlineData(0u, 1)]
    public void Added_ids_are_found_once_each_and_others_are_not(uint lastCallId, int results)
    {
        var consumed = new ConsumedCallResults(lastCallId, results);
        uint[] ids = [1, 64, 63, lastCallId, lastCallId + 1, uint.MaxValue];

        foreach (var id in ids)
            consumed.Add(id);
        consumed.Add(64);

        Assert.All(ids, id => Assert.True(consumed.Contains(id)));
        Assert.Equal(ids.Distinct().Count(), consumed.Count);
        Assert.False(consumed.Contains(2));
        Assert.False(consumed.Contains(lastCallId + 2));
    }

    [Fact]
    public void Nothing_is_consumed_before_the_first_id()
    {
        var consumed = new ConsumedCallResults(10, 5);

        Assert.False(consumed.Contains(1));
        Assert.Equal(0, consumed.Count);
    }
}
