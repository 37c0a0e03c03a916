namespace Fluence.Kernel.Workers.Spells;

/// <summary>A spell as stored in its scope's database.</summary>
/// <param name="OwnerId">Who installed it; null for spells stored before owners were recorded.</param>
public sealed record StoredSpell(string SpellId, string? Alias, string Script, TriggerConfig TriggerConfig, string? OwnerId);

public sealed record SpellLog(ulong Timestamp, string Message);

public sealed record MailboxMessage(string InitPeerId, ulong Timestamp, string Message);

/// <summary>AquaVM's <c>%last_error%</c> as the spell stores it.</summary>
public sealed record LastError(uint ErrorCode, string Instruction, string Message, string PeerId);

public sealed record LastErrorEntry(LastError LastError, uint ErrorIdx);

public sealed record ParticleErrors(string ParticleId, IReadOnlyList<LastErrorEntry> Errors);

/// <summary>What the value under a key is, for the typed getters (a key holds a string, a u32 or a list).</summary>
public readonly record struct KvLookup<T>(bool Present, T? Value);
