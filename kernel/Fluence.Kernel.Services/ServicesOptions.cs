namespace Fluence.Kernel.Services;

/// <summary>Configuration section <c>Services</c>: limits and who may manage modules and services.</summary>
public sealed class ServicesOptions
{
    public const string SectionName = "Services";

    /// <summary>The host's manager (Nox <c>management_peer_id</c>): like the host, may call guarded functions.</summary>
    public string? ManagementPeerId { get; set; }

    /// <summary>Dev mode: anyone may add modules and blueprints and create, alias and remove services.</summary>
    public bool AllowAnyoneToManage { get; set; }

    /// <summary>Largest module <c>dist.add_module</c> accepts (decoded bytes).</summary>
    public int MaxModuleBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Memory limit of a service across its modules (Marine's default is 4 GiB − 1).</summary>
    public ulong ServiceMemoryLimitBytes { get; set; } = uint.MaxValue;

    /// <summary>A service call running longer fails (and the runtime replaces the instance).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
