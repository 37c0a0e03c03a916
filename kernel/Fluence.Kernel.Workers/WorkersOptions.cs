using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Workers;

/// <summary>Configuration of workers and spells (section <see cref="SectionName"/>).</summary>
public sealed class WorkersOptions
{
    public const string SectionName = "Workers";

    /// <summary>
    /// Base58 peer id of the host's manager (Nox's <c>management_peer_id</c>): it may create, activate and deactivate
    /// workers and install top-level spells, like the host itself. Null: only the host may.
    /// </summary>
    public string? ManagementPeerId { get; set; }

    /// <summary>TTL of the particles spells fire (Nox's <c>max_spell_particle_ttl</c>).</summary>
    public TimeSpan SpellParticleTtl { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Period given to a worker's <c>worker-spell</c> when its deal is activated (Nox's <c>worker_period_sec</c>).</summary>
    public TimeSpan WorkerSpellPeriod { get; set; } = TimeSpan.FromSeconds(900);

    /// <summary>How many connection events may wait for their spells before the oldest are dropped.</summary>
    public int ConnectionEventQueueCapacity { get; set; } = 1024;

    internal PeerId? ParseManagementPeerId()
    {
        if (string.IsNullOrWhiteSpace(ManagementPeerId))
            return null;
        if (!PeerId.TryParse(ManagementPeerId.Trim(), out var id, out var error))
            throw new InvalidOperationException($"{SectionName}:{nameof(ManagementPeerId)} is not a valid peer id: {error}");
        return id;
    }
}
