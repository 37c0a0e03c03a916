using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Execution;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>Whether an ap state already says a generation (what renumbering a stream's states relies on).</summary>
public sealed class ApStatesTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(5u)]
    [InlineData(63u)]
    [InlineData(64u)]
    [InlineData(100_000u)]
    public void An_ap_state_says_its_one_generation_however_it_was_made(uint generation)
    {
        Assert.True(ApStates.Says(ApStates.Of(generation), generation));
        Assert.True(ApStates.Says(new ApState(new[] { generation }), generation));
        Assert.True(ApStates.Says(new ApState(new List<uint> { generation }), generation));
        Assert.False(ApStates.Says(ApStates.Of(generation + 1), generation));
        Assert.False(ApStates.Says(new ApState(new List<uint> { generation + 1 }), generation));
    }

    [Fact]
    public void An_ap_state_of_no_or_several_generations_says_none()
    {
        Assert.False(ApStates.Says(new ApState(Array.Empty<uint>()), 0));
        Assert.False(ApStates.Says(new ApState(new uint[] { 1, 1 }), 1));
        Assert.False(ApStates.Says(new ApState(new List<uint> { 2, 2 }), 2));
    }
}
