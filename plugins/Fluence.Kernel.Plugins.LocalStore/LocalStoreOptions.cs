namespace Fluence.Kernel.Plugins.LocalStore;

/// <summary>Configuration section <c>LocalStore</c>.</summary>
public sealed class LocalStoreOptions
{
    /// <summary>Where blocks live; default <c>&lt;DataDirectory&gt;/local-store</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>The largest file one add accepts, in bytes; a larger one fails and leaves nothing behind.</summary>
    public long MaxFileSize { get; set; } = 16L * 1024 * 1024 * 1024;

    /// <summary>
    /// Flush every block to the disk before it becomes visible. Off by default: blocks are verified against their CID on
    /// every read, so a block a power loss damaged is reported as corrupted, never served.
    /// </summary>
    public bool SyncWrites { get; set; }
}
