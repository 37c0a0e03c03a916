using Fluence.Kernel.Testing;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>A spell is found by its id or by its alias; an id wins over an alias that spells the same text.</summary>
public sealed class SpellLookupTests : IDisposable
{
    private readonly TempDirectory _directory = new("spell-lookup");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_spell_is_resolved_by_id_or_alias_and_an_id_wins_over_an_equal_alias()
    {
        using var database = new SpellDatabase(_directory.Combine("host.sqlite"));
        database.InsertSpell("spell-a", "owner", "(null)", TriggerConfig.Empty, 1);
        database.InsertSpell("spell-b", "owner", "(null)", TriggerConfig.Empty, 2);
        database.SetAlias("spell-b", "spell-a");
        database.SetAlias("spell-a", "first");

        Assert.Equal("spell-a", database.ResolveSpellId("spell-a"));
        Assert.Equal("spell-a", database.FindSpell("spell-a")?.SpellId);
        Assert.Equal("spell-a", database.ResolveSpellId("first"));
        Assert.Equal("spell-b", database.ResolveSpellId("spell-b"));
        Assert.Null(database.ResolveSpellId("missing"));
        Assert.Null(database.FindSpell("missing"));
    }
}
