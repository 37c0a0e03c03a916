namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

public sealed class CampaignRangeTests
{
    [Theory]
    [InlineData("1001-2000", 1001, 2000, 4, 0)]
    [InlineData("100000-100999@5", 100000, 100999, 5, 0)]
    [InlineData("7-7@6/3", 7, 7, 6, 3)]
    [InlineData("1-10/2", 1, 10, 4, 2)]
    public void A_campaign_range_reads_seeds_depth_and_delivery_orders(string text, int first, int last, int depth, int deliveries) =>
        Assert.Equal(new CampaignRange(first, last, depth, deliveries), CampaignRange.Parse(text));

    [Theory]
    [InlineData("nested-fold:101-5000/3", CampaignGenerator.NestedFolds)]
    [InlineData("nested-map-fold:101-5000/3", CampaignGenerator.NestedMapFolds)]
    [InlineData("new-scope:101-5000/3", CampaignGenerator.NewScopes)]
    public void A_prefix_selects_the_generator(string text, CampaignGenerator generator) =>
        Assert.Equal(new CampaignRange(101, 5000, 4, 3, generator), CampaignRange.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("1000")]
    [InlineData("20-10")]
    [InlineData("0-10")]
    [InlineData("1-10@0")]
    [InlineData("1-10/-1")]
    [InlineData("1-10@x")]
    [InlineData("nested:1-10")]
    public void A_malformed_campaign_range_is_refused_with_the_expected_form(string text) =>
        Assert.Contains("FIRST-LAST[@DEPTH][/DELIVERIES]", Assert.Throws<FormatException>(() => CampaignRange.Parse(text)).Message);
}
