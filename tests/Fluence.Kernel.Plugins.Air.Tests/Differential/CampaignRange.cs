namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// What a campaign runs, from <c>FLUENCE_AIR_CAMPAIGN=FIRST-LAST[@DEPTH][/DELIVERIES]</c>: the random scenarios of
/// seeds FIRST to LAST at DEPTH (4 when left out), each in first-in-first-out order and in DELIVERIES seeded delivery
/// orders (seeds 1 to DELIVERIES; none when left out).
/// </summary>
public sealed record CampaignRange(int First, int Last, int Depth, int Deliveries)
{
    public const string Variable = "FLUENCE_AIR_CAMPAIGN";

    /// <exception cref="FormatException">The variable is unset or not of that form.</exception>
    public static CampaignRange FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable) ?? "");

    /// <exception cref="FormatException"><paramref name="text"/> is not of the form <c>FIRST-LAST[@DEPTH][/DELIVERIES]</c>.</exception>
    public static CampaignRange Parse(string text)
    {
        var slash = text.IndexOf('/');
        var deliveries = slash < 0 ? "0" : text[(slash + 1)..];
        var rest = slash < 0 ? text : text[..slash];
        var at = rest.IndexOf('@');
        var depth = at < 0 ? "4" : rest[(at + 1)..];
        var seeds = at < 0 ? rest : rest[..at];
        var dash = seeds.IndexOf('-');
        if (dash > 0 && int.TryParse(seeds[..dash], out var first) && int.TryParse(seeds[(dash + 1)..], out var last)
            && int.TryParse(depth, out var d) && int.TryParse(deliveries, out var n) && first >= 1 && last >= first && d >= 1 && n >= 0)
            return new CampaignRange(first, last, d, n);
        throw new FormatException($"{Variable} is '{text}'; expected FIRST-LAST[@DEPTH][/DELIVERIES] with 1 ≤ FIRST ≤ LAST, e.g. 100000-100999@5/3");
    }

    public override string ToString() =>
        $"seeds {First}–{Last} at depth {Depth}" + (Deliveries > 0 ? $", each also in {Deliveries} delivery orders" : "");
}
