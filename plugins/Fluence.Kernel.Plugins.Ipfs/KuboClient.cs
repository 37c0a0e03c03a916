using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fluence.Kernel.Plugins.Ipfs;

/// <summary>
/// A client of the Kubo RPC API (<c>POST /api/v0/&lt;command&gt;?arg=…</c>), as Kubo defines it; js-ipfs serves the same API.
/// <c>add</c> asks for base32 CIDs (<c>cid-base=base32</c>; js-ipfs prints base58btc otherwise); every CID the daemon
/// prints is parsed in any multibase (listings may hold CIDv0, which has no base32 form in js-ipfs). Connection failures are retried with exponential backoff; daemon errors
/// (<c>{"Message":…}</c>) and answers that are not the API's become <see cref="KuboApiException"/>.
/// </summary>
public sealed class KuboClient : IDisposable
{
    private const int MaxJsonAnswer = 64 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly IpfsOptions _options;
    private readonly ILogger _logger;

    public KuboClient(Uri apiBase, IpfsOptions options, ILogger? logger = null)
    {
        ApiBase = apiBase;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2), // js-ipfs closes idle keep-alive connections after 5 s
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri(apiBase, "api/v0/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public KuboClient(string apiAddress, IpfsOptions? options = null, ILogger? logger = null)
        : this(KuboApiAddress.Parse(apiAddress), options ?? new IpfsOptions(), logger)
    {
    }

    public Uri ApiBase { get; }

    /// <summary><c>add?cid-version=1&amp;raw-leaves=true</c> with 256 KiB chunks and sha2-256: the CIDs the local store computes.</summary>
    public async Task<KuboAddResult> AddAsync(Stream content, bool pin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var limited = new LimitedReadStream(content, _options.MaxFileSize,
            () => new ContentStoreException($"the file is larger than the limit of {_options.MaxFileSize} bytes (Ipfs:MaxFileSize)"));
        var query = new List<(string, string)>
        {
            ("cid-version", "1"), ("raw-leaves", "true"), ("hash", "sha2-256"), ("chunker", "size-262144"),
            ("pin", pin ? "true" : "false"), ("progress", "false"), ("cid-base", "base32"),
        };
        using var response = await SendAsync("add", query, () =>
        {
            var file = new StreamContent(limited, 256 * 1024);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var form = new MultipartFormDataContent();
            form.Add(file, "file", "file");
            return form;
        }, canRetry: () => limited.BytesRead == 0, timeout: false, cancellationToken).ConfigureAwait(false);

        // NDJSON: one object per added entry (and progress lines when asked); the file's is the last with a Hash.
        var text = await ReadBoundedAsync(response, "add", cancellationToken).ConfigureAwait(false);
        KuboAddResult? result = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var doc = ParseJson("add", line);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Type", out var type) && type.ValueEquals("error"))
                throw new KuboApiException("add", StringProperty(root, "Message") ?? line, (int)response.StatusCode);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Hash", out _))
                result = new KuboAddResult(CidProperty("add", root, "Hash"), LongProperty(root, "Size") ?? 0);
        }
        ThrowOnStreamError(response, "add");
        return result ?? throw new KuboApiException("add", $"the answer names no CID: {Shorten(text)}", (int)response.StatusCode);
    }

    /// <summary>
    /// <c>cat</c>: the file's bytes as the daemon streams them (not verified here; see <see cref="IpfsContentStore"/>).
    /// No <c>timeout</c> argument: the daemon applies it to the whole transfer, which a large file outlives. A daemon that
    /// looks for a block it does not have keeps the stream silent; callers bound each read instead.
    /// </summary>
    public async Task<(Stream Content, HttpResponseMessage Response)> CatAsync(Cid cid, CancellationToken cancellationToken)
    {
        var response = await SendAsync("cat", [("arg", cid.ToString())], null,
            canRetry: () => true, timeout: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary><c>get</c>: writes the file behind <paramref name="cid"/> (the first regular file of the TAR the daemon sends) to <paramref name="destination"/>.</summary>
    public async Task<long> GetAsync(Cid cid, string destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("get", [("arg", cid.ToString())], null,
            canRetry: () => true, timeout: true, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var reader = new TarReader(body);
        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                    continue;
                var temp = destination + ".part";
                await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 256 * 1024, useAsync: true))
                    await entry.DataStream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                File.Move(temp, destination, overwrite: true);
                return entry.Length;
            }
        }
        catch (InvalidDataException ex)
        {
            throw new KuboApiException("get", $"the answer is not a TAR archive: {ex.Message}", (int)response.StatusCode, ex);
        }
        ThrowOnStreamError(response, "get");
        throw new KuboApiException("get", $"{cid} is not a file (the archive holds no regular file)", (int)response.StatusCode);
    }

    public async Task PinAddAsync(Cid cid, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("pin/add", [("arg", cid.ToString()), ("recursive", "true"), ("timeout", Duration(_options.BlockTimeout))],
            null, canRetry: () => true, timeout: true, cancellationToken).ConfigureAwait(false);
        await ReadBoundedAsync(response, "pin/add", cancellationToken).ConfigureAwait(false);
    }

    public async Task PinRmAsync(Cid cid, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("pin/rm", [("arg", cid.ToString()), ("recursive", "true")], null,
            canRetry: () => true, timeout: true, cancellationToken).ConfigureAwait(false);
        await ReadBoundedAsync(response, "pin/rm", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>pin/ls?type=recursive</c>: the roots pinned. Reads both the <c>{"Keys":{…}}</c> answer and the streamed one.</summary>
    public async IAsyncEnumerable<Cid> PinLsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<Cid> pins = [];
        using (var response = await SendAsync("pin/ls", [("type", "recursive")], null,
            canRetry: () => true, timeout: true, cancellationToken).ConfigureAwait(false))
        {
            var text = await ReadBoundedAsync(response, "pin/ls", cancellationToken).ConfigureAwait(false);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                using var doc = ParseJson("pin/ls", line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new KuboApiException("pin/ls", $"expected an object, got {Shorten(line)}");
                if (root.TryGetProperty("Keys", out var keys) && keys.ValueKind == JsonValueKind.Object)
                {
                    foreach (var key in keys.EnumerateObject())
                        pins.Add(ParseCid("pin/ls", key.Name));
                }
                else if (root.TryGetProperty("Cid", out _))
                {
                    pins.Add(CidProperty("pin/ls", root, "Cid"));
                }
            }
        }
        foreach (var pin in pins)
            yield return pin;
    }

    /// <summary><c>block/stat</c> of a block the daemon holds; null when it does not hold it (offline, within <see cref="IpfsOptions.BlockTimeout"/>).</summary>
    public async Task<KuboBlockStat?> BlockStatAsync(Cid cid, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync("block/stat",
                [("arg", cid.ToString()), ("offline", "true"), ("timeout", Duration(_options.BlockTimeout))],
                null, canRetry: () => true, timeout: true, cancellationToken).ConfigureAwait(false);
            using var doc = ParseJson("block/stat", await ReadBoundedAsync(response, "block/stat", cancellationToken).ConfigureAwait(false));
            return new KuboBlockStat(CidProperty("block/stat", doc.RootElement, "Key"), LongProperty(doc.RootElement, "Size") ?? 0);
        }
        catch (KuboApiException ex) when (ex.StatusCode is not null && IsNotFound(ex.DaemonMessage))
        {
            return null;
        }
    }

    /// <summary><c>block/get</c>: one block's bytes, at most <paramref name="maxSize"/>.</summary>
    public async Task<byte[]> BlockGetAsync(Cid cid, int maxSize, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("block/get", [("arg", cid.ToString()), ("offline", "true"), ("timeout", Duration(_options.BlockTimeout))],
            null, canRetry: () => true, timeout: true, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > maxSize)
                throw new KuboApiException("block/get", $"block {cid} is larger than {maxSize} bytes", (int)response.StatusCode);
            buffer.Write(chunk, 0, n);
        }
        ThrowOnStreamError(response, "block/get");
        return buffer.ToArray();
    }

    public async Task<KuboIdentity> IdAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync("id", [], null, canRetry: () => true, timeout: true, cancellationToken).ConfigureAwait(false);
        using var doc = ParseJson("id", await ReadBoundedAsync(response, "id", cancellationToken).ConfigureAwait(false));
        var root = doc.RootElement;
        var id = StringProperty(root, "ID") ?? throw new KuboApiException("id", "the answer has no ID");
        var addresses = root.TryGetProperty("Addresses", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(e => e.GetString() ?? "").Where(s => s.Length > 0).ToArray()
            : [];
        return new KuboIdentity(id, StringProperty(root, "AgentVersion"), addresses);
    }

    public async Task<KuboVersion> VersionAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync("version", [], null, canRetry: () => true, timeout: true, cancellationToken).ConfigureAwait(false);
        using var doc = ParseJson("version", await ReadBoundedAsync(response, "version", cancellationToken).ConfigureAwait(false));
        var root = doc.RootElement;
        return new KuboVersion(StringProperty(root, "Version") ?? throw new KuboApiException("version", "the answer has no Version"),
            StringProperty(root, "Commit"), StringProperty(root, "Repo"));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Whether a daemon message means "this CID is not here": Kubo offline, js-ipfs after its timeout.</summary>
    internal static bool IsNotFound(string message) =>
        message.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || message.Contains("could not find", StringComparison.OrdinalIgnoreCase)
        || message.Contains("timed out", StringComparison.OrdinalIgnoreCase)
        || message.Contains("deadline exceeded", StringComparison.OrdinalIgnoreCase);

    private async Task<HttpResponseMessage> SendAsync(string command, IReadOnlyList<(string Key, string Value)> query, Func<HttpContent>? content,
        Func<bool> canRetry, bool timeout, CancellationToken cancellationToken)
    {
        var uri = new StringBuilder(command);
        for (int i = 0; i < query.Count; i++)
            uri.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(query[i].Key)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        var relative = uri.ToString();

        for (int attempt = 0; ; attempt++)
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout)
                timeoutSource.CancelAfter(_options.RequestTimeout);
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, relative) { Content = content?.Invoke() };
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new KuboApiException(command, $"no answer from {ApiBase} within {_options.RequestTimeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException ex) when (IsConnectionFailure(ex) && attempt < _options.MaxRetries && canRetry())
            {
                var delay = _options.RetryDelay * Math.Pow(2, attempt);
                _logger.LogWarning("IPFS {Command}: cannot reach {Api} ({Reason}); retrying in {Delay} ms", command, ApiBase, ex.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException ex) when (ex.InnerException is ContentStoreException inner)
            {
                throw inner; // the upload itself failed (size limit)
            }
            catch (HttpRequestException ex)
            {
                throw new KuboApiException(command, IsConnectionFailure(ex)
                    ? $"cannot reach the IPFS API at {ApiBase}: {ex.Message}"
                    : $"request to {ApiBase} failed: {ex.Message}", null, ex);
            }

            if (response.IsSuccessStatusCode)
                return response;
            using (response)
                throw await ErrorOf(command, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsConnectionFailure(HttpRequestException ex) =>
        ex.HttpRequestError == HttpRequestError.ConnectionError || ex.InnerException is SocketException;

    private static async Task<KuboApiException> ErrorOf(string command, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await ReadBoundedAsync(response, command, cancellationToken, checkTrailer: false).ConfigureAwait(false);
        }
        catch (KuboApiException ex)
        {
            return ex;
        }
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && StringProperty(doc.RootElement, "Message") is { } message)
                return new KuboApiException(command, message, (int)response.StatusCode);
        }
        catch (JsonException)
        {
        }
        return new KuboApiException(command, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(text)}", (int)response.StatusCode);
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, string command, CancellationToken cancellationToken, bool checkTrailer = true)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > MaxJsonAnswer)
                throw new KuboApiException(command, $"the answer is larger than {MaxJsonAnswer} bytes", (int)response.StatusCode);
            buffer.Write(chunk, 0, n);
        }
        if (checkTrailer)
            ThrowOnStreamError(response, command);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void ThrowOnStreamError(HttpResponseMessage response, string command)
    {
        if (response.TrailingHeaders.TryGetValues("X-Stream-Error", out var errors) && errors.FirstOrDefault(e => e.Length > 0) is { } error)
            throw new KuboApiException(command, error, (int)response.StatusCode);
    }

    private static JsonDocument ParseJson(string command, string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new KuboApiException(command, $"the answer is not JSON: {Shorten(text)}", null, ex);
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    private static long? LongProperty(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out long n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), out long n) => n, // Kubo writes add's Size as a string
            _ => null,
        };
    }

    private static Cid CidProperty(string command, JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value))
        {
            // Kubo writes some CIDs as {"/": "bafy…"} (pin/ls --stream, dag links).
            if (value.ValueKind == JsonValueKind.Object && StringProperty(value, "/") is { } linked)
                return ParseCid(command, linked);
            if (value.ValueKind == JsonValueKind.String)
                return ParseCid(command, value.GetString()!);
        }
        throw new KuboApiException(command, $"the answer has no {name}: {Shorten(element.ToString())}");
    }

    private static Cid ParseCid(string command, string text) =>
        Cid.TryParse(text, out var cid, out var error) ? cid : throw new KuboApiException(command, $"the daemon answered an invalid CID: {error}");

    private static string Duration(TimeSpan span) => $"{Math.Max(1, (long)span.TotalMilliseconds)}ms";

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
