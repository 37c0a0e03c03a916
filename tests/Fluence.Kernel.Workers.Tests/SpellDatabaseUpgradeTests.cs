using Fluence.Kernel.Testing;
using Fluence.Kernel.Workers.Spells;
using Microsoft.Data.Sqlite;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>A peer's existing spell databases keep working when the layout gains a column.</summary>
public sealed class SpellDatabaseUpgradeTests : IDisposable
{
    private readonly TempDirectory _directory = new("spell-db-upgrade");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_database_from_before_spell_owners_opens_with_its_spells_unowned_and_records_new_owners()
    {
        var path = _directory.Combine("host.sqlite");
        // The spells table as it was before owner_id existed, with one spell in it.
        using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = """
                CREATE TABLE spells (spell_id TEXT PRIMARY KEY, alias TEXT UNIQUE, script TEXT NOT NULL, trigger_config TEXT NOT NULL, created_at INTEGER NOT NULL);
                INSERT INTO spells VALUES ('old-spell', 'old-alias', '(null)', '{"clock":{"start_sec":0,"end_sec":0,"period_sec":0},"connections":{"connect":false,"disconnect":false},"blockchain":{"start_block":0,"end_block":0}}', 1);
                """;
            command.ExecuteNonQuery();
        }

        using var database = new SpellDatabase(path);
        database.InsertSpell("new-spell", "owner-peer", "(null)", TriggerConfig.Empty, 2);

        var spells = database.ListSpells();
        Assert.Equal(["old-spell", "new-spell"], spells.Select(s => s.SpellId));
        Assert.Null(spells[0].OwnerId);
        Assert.Equal("old-alias", spells[0].Alias);
        Assert.Equal("owner-peer", spells[1].OwnerId);
        Assert.Equal("old-spell", database.FindSpell("old-alias")?.SpellId);
        Assert.Equal("new-spell", database.FindSpell("new-spell")?.SpellId);
        Assert.Null(database.FindSpell("missing"));
    }
}
