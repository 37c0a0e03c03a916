namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// A campaign: skipped (with the instruction as the reason) unless <see cref="CampaignRange.Variable"/> names what to
/// run, so CI runs its fixed sample and a wider search stays one command away.
/// </summary>
public sealed class CampaignFactAttribute : FactAttribute
{
    public CampaignFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CampaignRange.Variable)))
            Skip = $"campaigns run on demand: {CampaignRange.Variable}=FIRST-LAST[@DEPTH][/DELIVERIES] dotnet test --filter Category=Campaign";
    }
}
