namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// A campaign: skipped (with the instruction as the reason) unless <c>FLUENCE_AIR_CAMPAIGN</c> names a seed range,
/// so CI runs its fixed sample and a wider search stays one command away.
/// </summary>
public sealed class CampaignFactAttribute : FactAttribute
{
    public const string Variable = "FLUENCE_AIR_CAMPAIGN";

    public CampaignFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"campaigns run on demand: {Variable}=FIRST-LAST[@DEPTH] dotnet test --filter Category=Campaign";
    }

    /// <summary>The seed range and depth <c>FIRST-LAST[@DEPTH]</c> of the variable.</summary>
    /// <exception cref="FormatException">The variable is not of that form.</exception>
    public static (int First, int Last, int Depth) Range()
    {
        var text = Environment.GetEnvironmentVariable(Variable) ?? "";
        var at = text.IndexOf('@');
        var range = at < 0 ? text : text[..at];
        var dash = range.IndexOf('-');
        if (dash <= 0 || !int.TryParse(range[..dash], out var first) || !int.TryParse(range[(dash + 1)..], out var last) || first < 1 || last < first
            || !int.TryParse(at < 0 ? "4" : text[(at + 1)..], out var depth) || depth < 1)
            throw new FormatException($"{Variable} is '{text}'; expected FIRST-LAST[@DEPTH] with 1 ≤ FIRST ≤ LAST, e.g. 100000-100999@5");
        return (first, last, depth);
    }
}
