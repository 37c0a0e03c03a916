using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>Which generator a campaign's scenarios come from.</summary>
public enum CampaignGenerator
{
    /// <summary><see cref="RandomScenarios"/>: the grammar, at a depth.</summary>
    Random,

    /// <summary><see cref="NestedFoldScenarios.Scenario"/>: nested folds appending to the stream they go over.</summary>
    NestedFolds,

    /// <summary><see cref="NestedFoldScenarios.MapScenario"/>: the same over a stream map.</summary>
    NestedMapFolds,

    /// <summary><see cref="NewScopeScenarios"/>: new scopes over a scalar, canon or canon map in folds.</summary>
    NewScopes,
}

/// <summary>
/// What a campaign runs, from <c>FLUENCE_AIR_CAMPAIGN=[nested-fold:|nested-map-fold:|new-scope:]FIRST-LAST[@DEPTH][/DELIVERIES]</c>:
/// the random scenarios of seeds FIRST to LAST at DEPTH (4 when left out), each in first-in-first-out order and in
/// DELIVERIES seeded delivery orders (seeds 1 to DELIVERIES; none when left out). A prefix takes the scenarios from
/// <see cref="NestedFoldScenarios"/> or <see cref="NewScopeScenarios"/> (which have no depth) instead of
/// <see cref="RandomScenarios"/>.
/// </summary>
public sealed record CampaignRange(int First, int Last, int Depth, int Deliveries, CampaignGenerator Generator = CampaignGenerator.Random)
{
    public const string Variable = "FLUENCE_AIR_CAMPAIGN";

    private const string Form = "[nested-fold:|nested-map-fold:|new-scope:]FIRST-LAST[@DEPTH][/DELIVERIES]";

    private static readonly (string Prefix, CampaignGenerator Generator)[] Prefixes =
        [("nested-fold:", CampaignGenerator.NestedFolds), ("nested-map-fold:", CampaignGenerator.NestedMapFolds), ("new-scope:", CampaignGenerator.NewScopes)];

    /// <exception cref="FormatException">The variable is unset or not of that form.</exception>
    public static CampaignRange FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable) ?? "");

    /// <exception cref="FormatException"><paramref name="text"/> is not of that form.</exception>
    public static CampaignRange Parse(string text)
    {
        var generator = CampaignGenerator.Random;
        var range = text;
        foreach (var (prefix, named) in Prefixes)
        {
            if (range.StartsWith(prefix, StringComparison.Ordinal))
            {
                generator = named;
                range = range[prefix.Length..];
                break;
            }
        }
        var slash = range.IndexOf('/');
        var deliveries = slash < 0 ? "0" : range[(slash + 1)..];
        var rest = slash < 0 ? range : range[..slash];
        var at = rest.IndexOf('@');
        var depth = at < 0 ? "4" : rest[(at + 1)..];
        var seeds = at < 0 ? rest : rest[..at];
        var dash = seeds.IndexOf('-');
        if (dash > 0 && int.TryParse(seeds[..dash], out var first) && int.TryParse(seeds[(dash + 1)..], out var last)
            && int.TryParse(depth, out var d) && int.TryParse(deliveries, out var n) && first >= 1 && last >= first && d >= 1 && n >= 0)
            return new CampaignRange(first, last, d, n, generator);
        throw new FormatException($"{Variable} is '{text}'; expected {Form} with 1 ≤ FIRST ≤ LAST, e.g. 100000-100999@5/3");
    }

    /// <summary>The scenario of <paramref name="seed"/> this campaign runs.</summary>
    public JsonObject Scenario(int seed) => Generator switch
    {
        CampaignGenerator.NestedFolds => NestedFoldScenarios.Scenario(seed),
        CampaignGenerator.NestedMapFolds => NestedFoldScenarios.MapScenario(seed),
        CampaignGenerator.NewScopes => NewScopeScenarios.Scenario(seed),
        _ => RandomScenarios.Scenario(seed, Depth),
    };

    /// <summary>How a case of this campaign is named: its generator, seed and (for the grammar's) depth.</summary>
    public string ScenarioName(int seed) => Generator switch
    {
        CampaignGenerator.NestedFolds => $"nested-fold seed {seed}",
        CampaignGenerator.NestedMapFolds => $"nested-map-fold seed {seed}",
        CampaignGenerator.NewScopes => $"new-scope seed {seed}",
        _ => $"seed {seed} depth {Depth}",
    };

    public override string ToString() =>
        (Generator == CampaignGenerator.Random ? $"seeds {First}–{Last} at depth {Depth}" : $"{ScenarioName(First)}–{Last}")
        + (Deliveries > 0 ? $", each also in {Deliveries} delivery orders" : "");
}
