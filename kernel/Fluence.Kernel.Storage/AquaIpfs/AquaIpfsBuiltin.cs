using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Content;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Storage.AquaIpfs;

/// <summary>
/// <c>aqua-ipfs</c>, as npm <c>@fluencelabs/aqua-ipfs</c> 0.5.31 declares it (<c>ipfs.aqua</c>), answered by the storage
/// slot: <c>put</c>, <c>get</c>, <c>cat</c> on this peer's store; <c>get_from</c>, <c>cat_from</c> from this store when it
/// holds the CID, otherwise from the Kubo API the script names (verified against the CID); and the multiaddr settings.
/// Failures are answered the way aqua-ipfs answers them, as <c>{success: false, error}</c> records, so installation
/// scripts written for Nox read them unchanged; only malformed calls fail. Files land in the particle's vault; paths are
/// absolute paths inside it.
/// </summary>
public sealed class AquaIpfsBuiltin : IBuiltinService, IDisposable
{
    private readonly IContentStore _store;
    private readonly AquaIpfsOptions _options;
    private readonly ILogger<AquaIpfsBuiltin> _logger;
    private readonly RemoteIpfsFetcher _remote = new();
    private volatile string? _externalApiMultiaddr;
    private volatile string? _externalSwarmMultiaddr;
    private long _fetchTimeoutTicks;

    public AquaIpfsBuiltin(IContentStore store, IOptions<AquaIpfsOptions> options, ILogger<AquaIpfsBuiltin> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
        _externalApiMultiaddr = _options.ExternalApiMultiaddr;
        _externalSwarmMultiaddr = _options.ExternalSwarmMultiaddr;
        _fetchTimeoutTicks = _options.FetchTimeout.Ticks;
    }

    public string ServiceId => "aqua-ipfs";

    private TimeSpan FetchTimeout => TimeSpan.FromTicks(Interlocked.Read(ref _fetchTimeoutTicks));

    public async ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        try
        {
            return call.FunctionName switch
            {
                "put" => await PutAsync(call, String(call, 0, "file_path"), cancellationToken).ConfigureAwait(false),
                "get" => await GetAsync(call, String(call, 0, "hash"), from: null, cancellationToken).ConfigureAwait(false),
                "get_from" => await GetAsync(call, String(call, 0, "hash"), String(call, 1, "external_multiaddr"), cancellationToken).ConfigureAwait(false),
                "cat" => await CatAsync(String(call, 0, "hash"), from: null, cancellationToken).ConfigureAwait(false),
                "cat_from" => await CatAsync(String(call, 0, "hash"), String(call, 1, "external_multiaddr"), cancellationToken).ConfigureAwait(false),
                "get_external_api_multiaddr" => MultiaddrResult(_externalApiMultiaddr, "the external IPFS API multiaddr is not set"),
                "set_external_api_multiaddr" => SetMultiaddr(call, v => _externalApiMultiaddr = v, "external API"),
                "get_external_swarm_multiaddr" => MultiaddrResult(_externalSwarmMultiaddr, "the external IPFS swarm multiaddr is not set"),
                "set_external_swarm_multiaddr" => SetMultiaddr(call, v => _externalSwarmMultiaddr = v, "external swarm"),
                "get_local_api_multiaddr" => MultiaddrResult(_options.LocalApiMultiaddr,
                    "this peer's storage is not an IPFS node with an API of its own"),
                "set_local_api_multiaddr" => Result(false, "the local store is configured through the peer's storage slot (Peer:Slots:storage), not at run time"),
                "set_timeout" => SetTimeout(call),
                "connect" => Result(false, "connect is not supported: this peer fetches through the Kubo API (get_from, cat_from)"),
                "dag_put" or "dag_get" or "dag_get_from" => Result(false, $"{call.FunctionName} is not supported by this peer"),
                _ => FunctionOutcome.NotDefined,
            };
        }
        catch (ArgumentException ex)
        {
            return FunctionOutcome.Error($"aqua-ipfs.{call.FunctionName}: {ex.Message}");
        }
    }

    public void Dispose() => _remote.Dispose();

    private async Task<FunctionOutcome> PutAsync(ServiceCall call, string filePath, CancellationToken cancellationToken)
    {
        try
        {
            var path = VaultPath(call.Context, filePath);
            if (!File.Exists(path))
                throw new AquaIpfsException($"file '{filePath}' does not exist in the particle's vault");
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 256 * 1024, useAsync: true);
            var cid = await _store.AddAsync(file, pin: true, cancellationToken).ConfigureAwait(false);
            return Record(true, "", "hash", cid.ToString());
        }
        catch (Exception ex) when (IsReported(ex))
        {
            return Record(false, Describe("put", ex), "hash", "");
        }
    }

    private async Task<FunctionOutcome> GetAsync(ServiceCall call, string hash, string? from, CancellationToken cancellationToken)
    {
        string? temp = null;
        try
        {
            var cid = ParseCid(hash);
            var vault = call.Context.VaultDirectory;
            Directory.CreateDirectory(vault);
            var target = Path.Combine(vault, cid.ToString());
            temp = Path.Combine(vault, $".{cid}.{Guid.NewGuid():N}.part");
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 256 * 1024, useAsync: true))
            {
                if (from is null || await _store.HasAsync(cid, cancellationToken).ConfigureAwait(false))
                    await CopyFromStoreAsync(cid, file, _options.MaxFileSize, cancellationToken).ConfigureAwait(false);
                else
                    await _remote.FetchAsync(from, cid, file, _options.MaxFileSize, FetchTimeout, cancellationToken).ConfigureAwait(false);
            }
            File.Move(temp, target, overwrite: true);
            temp = null;
            return Record(true, "", "path", target);
        }
        catch (Exception ex) when (IsReported(ex))
        {
            return Record(false, Describe(from is null ? "get" : "get_from", ex), "path", "");
        }
        finally
        {
            if (temp is not null)
                TryDelete(temp);
        }
    }

    private async Task<FunctionOutcome> CatAsync(string hash, string? from, CancellationToken cancellationToken)
    {
        try
        {
            var cid = ParseCid(hash);
            using var buffer = new MemoryStream();
            if (from is null || await _store.HasAsync(cid, cancellationToken).ConfigureAwait(false))
                await CopyFromStoreAsync(cid, buffer, _options.MaxCatSize, cancellationToken).ConfigureAwait(false);
            else
                await _remote.FetchAsync(from, cid, buffer, _options.MaxCatSize, FetchTimeout, cancellationToken).ConfigureAwait(false);
            return Record(true, "", "contents", Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        catch (Exception ex) when (IsReported(ex))
        {
            return Record(false, Describe(from is null ? "cat" : "cat_from", ex), "contents", "");
        }
    }

    private async Task CopyFromStoreAsync(Cid cid, Stream destination, long maxSize, CancellationToken cancellationToken)
    {
        await using var content = await _store.OpenReadAsync(cid, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[128 * 1024];
        long total = 0;
        int n;
        while ((n = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += n;
            if (total > maxSize)
                throw new AquaIpfsException($"{cid} is larger than the limit of {maxSize} bytes");
            await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }
    }

    private FunctionOutcome SetMultiaddr(ServiceCall call, Action<string> set, string what)
    {
        var value = String(call, 0, "multiaddr");
        if (!IsManager(call.Context))
            return Result(false, $"only the host or a management peer may set the {what} multiaddr");
        try
        {
            RemoteIpfsFetcher.ApiUri(value);
        }
        catch (AquaIpfsException ex)
        {
            return Result(false, ex.Message);
        }
        set(value);
        _logger.LogInformation("aqua-ipfs {What} multiaddr set to {Multiaddr} by {Peer}", what, value, call.Context.Particle.InitPeerId);
        return Result(true, "");
    }

    private FunctionOutcome SetTimeout(ServiceCall call)
    {
        var node = call.Arguments.Count > 0 ? call.Arguments[0] : null;
        if (node is not JsonValue value || !value.TryGetValue(out long seconds) || seconds <= 0)
            throw new ArgumentException("timeout_sec must be a positive integer");
        if (!IsManager(call.Context))
            return FunctionOutcome.Error("only the host or a management peer may set the aqua-ipfs timeout");
        Interlocked.Exchange(ref _fetchTimeoutTicks, TimeSpan.FromSeconds(Math.Min(seconds, 24 * 3600)).Ticks);
        return FunctionOutcome.Empty;
    }

    private bool IsManager(ParticleContext context) =>
        context.Particle.InitPeerId == context.HostId.ToString() || _options.ManagementPeerIds.Contains(context.Particle.InitPeerId);

    private static FunctionOutcome MultiaddrResult(string? multiaddr, string missing) =>
        string.IsNullOrEmpty(multiaddr) ? Record(false, missing, "multiaddr", "") : Record(true, "", "multiaddr", multiaddr);

    private static FunctionOutcome Result(bool success, string error) =>
        FunctionOutcome.Ok(new JsonObject { ["success"] = success, ["error"] = error });

    private static FunctionOutcome Record(bool success, string error, string field, string value) =>
        FunctionOutcome.Ok(new JsonObject { ["success"] = success, ["error"] = error, [field] = value });

    private static Cid ParseCid(string hash) =>
        Cid.TryParse(hash, out var cid, out var error) ? cid : throw new AquaIpfsException($"invalid CID: {error}");

    /// <summary>Resolves a path a script passed: absolute inside the vault, or relative to it; anything else is refused.</summary>
    private static string VaultPath(ParticleContext context, string path)
    {
        var root = Path.GetFullPath(context.VaultDirectory);
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(root, path));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new AquaIpfsException($"path '{path}' is outside the particle's vault");
        return full;
    }

    private static bool IsReported(Exception ex) =>
        ex is AquaIpfsException or ContentStoreException or IOException or UnauthorizedAccessException;

    private string Describe(string function, Exception ex)
    {
        if (ex is IOException or UnauthorizedAccessException)
            _logger.LogWarning(ex, "aqua-ipfs.{Function} failed", function);
        return ex.Message;
    }

    private static string String(ServiceCall call, int index, string name)
    {
        if (call.Arguments.Count <= index)
            throw new ArgumentException($"argument {index} ({name}) is missing; {call.FunctionName} takes {ArityOf(call.FunctionName)}");
        if (call.Arguments[index] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            return value.GetValue<string>();
        throw new ArgumentException($"argument {index} ({name}) must be a string");
    }

    private static string ArityOf(string function) => function switch
    {
        "get_from" or "cat_from" => "(hash, external_multiaddr)",
        "put" => "(file_path)",
        "set_external_api_multiaddr" or "set_external_swarm_multiaddr" => "(multiaddr)",
        _ => "(hash)",
    };

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "cannot remove {Path}; the vault is removed with the particle", path);
        }
    }
}
