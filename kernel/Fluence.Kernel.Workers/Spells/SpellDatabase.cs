using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// The SQLite database of one scope (the host or a worker): every spell of the scope with its script, trigger
/// config, KV, logs, errors and mailbox, in the layout of the spell service (<c>kv(key, string, u32, list_index)</c>
/// where <c>list_index = -1</c> marks a plain value), keyed by spell id. Calls are serialized per database.
/// </summary>
public sealed class SpellDatabase : IDisposable
{
    public const int MaxLogs = 500;
    public const int MaxMailbox = 50;
    public const int MaxErrorParticles = 50;

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS spells (
            spell_id TEXT PRIMARY KEY,
            alias TEXT UNIQUE,
            script TEXT NOT NULL,
            trigger_config TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            owner_id TEXT);
        CREATE TABLE IF NOT EXISTS kv (
            spell_id TEXT NOT NULL,
            key TEXT NOT NULL,
            string TEXT,
            u32 INTEGER,
            list_index INTEGER NOT NULL DEFAULT -1,
            PRIMARY KEY (spell_id, key, list_index));
        CREATE TABLE IF NOT EXISTS errors (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            spell_id TEXT NOT NULL,
            particle_id TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            error_idx INTEGER NOT NULL,
            error_code INTEGER NOT NULL,
            instruction TEXT NOT NULL,
            message TEXT NOT NULL,
            peer_id TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS errors_by_particle ON errors (spell_id, particle_id);
        CREATE TABLE IF NOT EXISTS logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            spell_id TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            message TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS mailbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            spell_id TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            init_peer_id TEXT NOT NULL,
            message TEXT NOT NULL);
        """;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private SqliteTransaction? _transaction;

    public SpellDatabase(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        // No pooling: removing a worker deletes the file, which must not stay open in a pool.
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute(Schema);
        // Databases made before spells had owners gain the column; their spells read as owned by the scope.
        if (Scalar("SELECT 1 FROM pragma_table_info('spells') WHERE name = 'owner_id'") is null)
            Execute("ALTER TABLE spells ADD COLUMN owner_id TEXT");
    }

    public string Path { get; }

    // ---- spells ----

    public void InsertSpell(string spellId, string ownerId, string script, TriggerConfig config, long createdAtMs)
    {
        lock (_gate)
            Execute("INSERT INTO spells (spell_id, owner_id, script, trigger_config, created_at) VALUES ($id, $owner, $script, $config, $at)",
                ("$id", spellId), ("$owner", ownerId), ("$script", script), ("$config", config.ToJson().ToJsonString()), ("$at", createdAtMs));
    }

    public void DeleteSpell(string spellId)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            foreach (var table in new[] { "spells", "kv", "errors", "logs", "mailbox" })
                Execute($"DELETE FROM {table} WHERE spell_id = $id", ("$id", spellId));
            transaction.Commit();
        }
    }

    public IReadOnlyList<StoredSpell> ListSpells()
    {
        lock (_gate)
        {
            using var command = Command($"{SelectSpell} ORDER BY created_at, spell_id");
            return ReadSpells(command);
        }
    }

    /// <summary>The spell <paramref name="idOrAlias"/> names (its id or its alias), or null.</summary>
    public StoredSpell? FindSpell(string idOrAlias)
    {
        lock (_gate)
        {
            using var command = Command($"{SelectSpell} {WhereIdOrAlias}", ("$key", idOrAlias));
            return ReadSpells(command) is [var spell] ? spell : null;
        }
    }

    /// <summary>The id of the spell <paramref name="idOrAlias"/> names, or null: <see cref="FindSpell"/> reading one column.</summary>
    public string? ResolveSpellId(string idOrAlias)
    {
        lock (_gate)
            return Scalar($"SELECT spell_id FROM spells {WhereIdOrAlias}", ("$key", idOrAlias)) as string;
    }

    private const string SelectSpell = "SELECT spell_id, alias, script, trigger_config, owner_id FROM spells";
    // An id wins over an alias that happens to equal it (one query, so no race between the two lookups).
    private const string WhereIdOrAlias = "WHERE spell_id = $key OR alias = $key ORDER BY spell_id = $key DESC LIMIT 1";

    private static List<StoredSpell> ReadSpells(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var spells = new List<StoredSpell>();
        while (reader.Read())
        {
            spells.Add(new StoredSpell(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                TriggerConfig.ParseJson(reader.GetString(3)), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return spells;
    }

    public bool SpellExists(string spellId)
    {
        lock (_gate)
            return Scalar("SELECT 1 FROM spells WHERE spell_id = $id", ("$id", spellId)) is not null;
    }

    public string? ResolveAlias(string alias)
    {
        lock (_gate)
            return Scalar("SELECT spell_id FROM spells WHERE alias = $alias", ("$alias", alias)) as string;
    }

    /// <summary>Gives <paramref name="alias"/> to the spell, taking it from any other spell of the scope (as <c>srv.add_alias</c> moves an alias).</summary>
    public void SetAlias(string spellId, string alias)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            Execute("UPDATE spells SET alias = NULL WHERE alias = $alias", ("$alias", alias));
            Execute("UPDATE spells SET alias = $alias WHERE spell_id = $id", ("$alias", alias), ("$id", spellId));
            transaction.Commit();
        }
    }

    public string? GetScript(string spellId)
    {
        lock (_gate)
            return Scalar("SELECT script FROM spells WHERE spell_id = $id", ("$id", spellId)) as string;
    }

    public void SetScript(string spellId, string script)
    {
        lock (_gate)
            Execute("UPDATE spells SET script = $script WHERE spell_id = $id", ("$script", script), ("$id", spellId));
    }

    public TriggerConfig? GetTriggerConfig(string spellId)
    {
        lock (_gate)
            return Scalar("SELECT trigger_config FROM spells WHERE spell_id = $id", ("$id", spellId)) is string json ? TriggerConfig.ParseJson(json) : null;
    }

    public void SetTriggerConfig(string spellId, TriggerConfig config)
    {
        lock (_gate)
            Execute("UPDATE spells SET trigger_config = $config WHERE spell_id = $id", ("$config", config.ToJson().ToJsonString()), ("$id", spellId));
    }

    // ---- KV ----

    public void SetString(string spellId, string key, string value)
    {
        lock (_gate)
            Execute("INSERT OR REPLACE INTO kv (spell_id, key, string, u32, list_index) VALUES ($id, $key, $value, NULL, -1)",
                ("$id", spellId), ("$key", key), ("$value", value));
    }

    public KvLookup<string> GetString(string spellId, string key)
    {
        lock (_gate)
        {
            using var command = Command("SELECT string FROM kv WHERE spell_id = $id AND key = $key AND list_index = -1 AND u32 IS NULL",
                ("$id", spellId), ("$key", key));
            using var reader = command.ExecuteReader();
            return reader.Read() ? new KvLookup<string>(true, reader.IsDBNull(0) ? "" : reader.GetString(0)) : default;
        }
    }

    public void SetU32(string spellId, string key, uint value)
    {
        lock (_gate)
            Execute("INSERT OR REPLACE INTO kv (spell_id, key, string, u32, list_index) VALUES ($id, $key, NULL, $value, -1)",
                ("$id", spellId), ("$key", key), ("$value", (long)value));
    }

    public KvLookup<uint> GetU32(string spellId, string key)
    {
        lock (_gate)
        {
            var value = Scalar("SELECT u32 FROM kv WHERE spell_id = $id AND key = $key AND list_index = -1 AND u32 IS NOT NULL",
                ("$id", spellId), ("$key", key));
            return value is long number ? new KvLookup<uint>(true, (uint)number) : default;
        }
    }

    /// <summary>Reads a u32 and stores it plus one, atomically; returns the value read (0 when absent).</summary>
    public uint IncrementU32(string spellId, string key)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            var value = Scalar("SELECT u32 FROM kv WHERE spell_id = $id AND key = $key AND list_index = -1 AND u32 IS NOT NULL",
                ("$id", spellId), ("$key", key));
            var current = value is long number ? (uint)number : 0u;
            Execute("INSERT OR REPLACE INTO kv (spell_id, key, string, u32, list_index) VALUES ($id, $key, NULL, $value, -1)",
                ("$id", spellId), ("$key", key), ("$value", (long)unchecked(current + 1)));
            transaction.Commit();
            return current;
        }
    }

    public bool Exists(string spellId, string key)
    {
        lock (_gate)
            return Scalar("SELECT 1 FROM kv WHERE spell_id = $id AND key = $key LIMIT 1", ("$id", spellId), ("$key", key)) is not null;
    }

    public void RemoveKey(string spellId, string key)
    {
        lock (_gate)
            Execute("DELETE FROM kv WHERE spell_id = $id AND key = $key", ("$id", spellId), ("$key", key));
    }

    public void ListPush(string spellId, string key, string value)
    {
        lock (_gate)
            Execute("""
                INSERT INTO kv (spell_id, key, string, u32, list_index)
                VALUES ($id, $key, $value, NULL,
                        COALESCE((SELECT MAX(list_index) + 1 FROM kv WHERE spell_id = $id AND key = $key AND list_index >= 0), 0))
                """, ("$id", spellId), ("$key", key), ("$value", value));
    }

    /// <summary>Removes and returns the latest element of the list.</summary>
    public KvLookup<string> ListPop(string spellId, string key)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            using var command = Command("SELECT string, list_index FROM kv WHERE spell_id = $id AND key = $key AND list_index >= 0 ORDER BY list_index DESC LIMIT 1",
                ("$id", spellId), ("$key", key));
            string value;
            long index;
            using (var reader = command.ExecuteReader())
            {
                if (!reader.Read())
                    return default;
                value = reader.IsDBNull(0) ? "" : reader.GetString(0);
                index = reader.GetInt64(1);
            }
            Execute("DELETE FROM kv WHERE spell_id = $id AND key = $key AND list_index = $index", ("$id", spellId), ("$key", key), ("$index", index));
            transaction.Commit();
            return new KvLookup<string>(true, value);
        }
    }

    public IReadOnlyList<string> ListGet(string spellId, string key)
    {
        lock (_gate)
        {
            using var command = Command("SELECT string FROM kv WHERE spell_id = $id AND key = $key AND list_index >= 0 ORDER BY list_index",
                ("$id", spellId), ("$key", key));
            using var reader = command.ExecuteReader();
            var list = new List<string>();
            while (reader.Read())
                list.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
            return list;
        }
    }

    /// <summary>Removes every occurrence of <paramref name="value"/> from the list; plain values are untouched.</summary>
    public void ListRemove(string spellId, string key, string value)
    {
        lock (_gate)
            Execute("DELETE FROM kv WHERE spell_id = $id AND key = $key AND string = $value AND list_index >= 0",
                ("$id", spellId), ("$key", key), ("$value", value));
    }

    /// <summary>Stores each top-level field of <paramref name="fields"/> as the JSON text of its value, in one transaction.</summary>
    public void SetJsonFields(string spellId, JsonObject fields)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            foreach (var (key, value) in fields)
            {
                Execute("INSERT OR REPLACE INTO kv (spell_id, key, string, u32, list_index) VALUES ($id, $key, $value, NULL, -1)",
                    ("$id", spellId), ("$key", key), ("$value", value?.ToJsonString() ?? "null"));
            }
            transaction.Commit();
        }
    }

    // ---- logs, errors, mailbox ----

    public void StoreLog(string spellId, ulong timestampSec, string message)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            Execute("INSERT INTO logs (spell_id, timestamp, message) VALUES ($id, $ts, $message)", ("$id", spellId), ("$ts", (long)timestampSec), ("$message", message));
            Execute($"DELETE FROM logs WHERE spell_id = $id AND id NOT IN (SELECT id FROM logs WHERE spell_id = $id ORDER BY id DESC LIMIT {MaxLogs})", ("$id", spellId));
            transaction.Commit();
        }
    }

    public IReadOnlyList<SpellLog> GetLogs(string spellId)
    {
        lock (_gate)
        {
            using var command = Command("SELECT timestamp, message FROM logs WHERE spell_id = $id ORDER BY timestamp, id", ("$id", spellId));
            using var reader = command.ExecuteReader();
            var logs = new List<SpellLog>();
            while (reader.Read())
                logs.Add(new SpellLog((ulong)reader.GetInt64(0), reader.GetString(1)));
            return logs;
        }
    }

    /// <summary>Stores an error of a particle; only the errors of the latest <see cref="MaxErrorParticles"/> particles are kept.</summary>
    public void StoreError(string spellId, string particleId, ulong particleTimestamp, LastError error, uint errorIdx)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            Execute("""
                INSERT INTO errors (spell_id, particle_id, timestamp, error_idx, error_code, instruction, message, peer_id)
                VALUES ($id, $particle, $ts, $idx, $code, $instruction, $message, $peer)
                """,
                ("$id", spellId), ("$particle", particleId), ("$ts", (long)particleTimestamp), ("$idx", (long)errorIdx),
                ("$code", (long)error.ErrorCode), ("$instruction", error.Instruction), ("$message", error.Message), ("$peer", error.PeerId));
            Execute($"""
                DELETE FROM errors WHERE spell_id = $id AND particle_id NOT IN (
                    SELECT particle_id FROM errors WHERE spell_id = $id GROUP BY particle_id ORDER BY MAX(id) DESC LIMIT {MaxErrorParticles})
                """, ("$id", spellId));
            transaction.Commit();
        }
    }

    public IReadOnlyList<LastErrorEntry> GetErrors(string spellId, string particleId)
    {
        lock (_gate)
        {
            using var command = Command("SELECT particle_id, error_idx, error_code, instruction, message, peer_id FROM errors WHERE spell_id = $id AND particle_id = $particle ORDER BY id",
                ("$id", spellId), ("$particle", particleId));
            return ReadErrors(command).Select(e => e.Entry).ToList();
        }
    }

    public IReadOnlyList<ParticleErrors> GetAllErrors(string spellId)
    {
        lock (_gate)
        {
            using var command = Command("SELECT particle_id, error_idx, error_code, instruction, message, peer_id FROM errors WHERE spell_id = $id ORDER BY id", ("$id", spellId));
            return ReadErrors(command)
                .GroupBy(e => e.ParticleId)
                .Select(g => new ParticleErrors(g.Key, g.Select(e => e.Entry).ToList()))
                .ToList();
        }
    }

    public void PushMailbox(string spellId, string initPeerId, ulong timestampSec, string message)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            Execute("INSERT INTO mailbox (spell_id, timestamp, init_peer_id, message) VALUES ($id, $ts, $peer, $message)",
                ("$id", spellId), ("$ts", (long)timestampSec), ("$peer", initPeerId), ("$message", message));
            Execute($"DELETE FROM mailbox WHERE spell_id = $id AND id NOT IN (SELECT id FROM mailbox WHERE spell_id = $id ORDER BY id DESC LIMIT {MaxMailbox})", ("$id", spellId));
            transaction.Commit();
        }
    }

    /// <summary>Messages, latest first.</summary>
    public IReadOnlyList<MailboxMessage> GetMailbox(string spellId)
    {
        lock (_gate)
        {
            using var command = Command("SELECT init_peer_id, timestamp, message FROM mailbox WHERE spell_id = $id ORDER BY id DESC", ("$id", spellId));
            using var reader = command.ExecuteReader();
            var messages = new List<MailboxMessage>();
            while (reader.Read())
                messages.Add(new MailboxMessage(reader.GetString(0), (ulong)reader.GetInt64(1), reader.GetString(2)));
            return messages;
        }
    }

    /// <summary>Removes and returns the latest message.</summary>
    public MailboxMessage? PopMailbox(string spellId)
    {
        lock (_gate)
        {
            using var transaction = Begin();
            using var command = Command("SELECT init_peer_id, timestamp, message, id FROM mailbox WHERE spell_id = $id ORDER BY id DESC LIMIT 1", ("$id", spellId));
            MailboxMessage message;
            long id;
            using (var reader = command.ExecuteReader())
            {
                if (!reader.Read())
                    return null;
                message = new MailboxMessage(reader.GetString(0), (ulong)reader.GetInt64(1), reader.GetString(2));
                id = reader.GetInt64(3);
            }
            Execute("DELETE FROM mailbox WHERE id = $row", ("$row", id));
            transaction.Commit();
            return message;
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _connection.Dispose();
    }

    private static IEnumerable<(string ParticleId, LastErrorEntry Entry)> ReadErrors(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var errors = new List<(string, LastErrorEntry)>();
        while (reader.Read())
        {
            var error = new LastError((uint)reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
            errors.Add((reader.GetString(0), new LastErrorEntry(error, (uint)reader.GetInt64(1))));
        }
        return errors;
    }

    /// <summary>Starts a transaction that the commands made until its disposal join (Microsoft.Data.Sqlite requires it).</summary>
    private TransactionScope Begin()
    {
        _transaction = _connection.BeginTransaction();
        return new TransactionScope(this);
    }

    private sealed class TransactionScope(SpellDatabase database) : IDisposable
    {
        public void Commit() => database._transaction!.Commit();

        public void Dispose()
        {
            database._transaction?.Dispose();
            database._transaction = null;
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
