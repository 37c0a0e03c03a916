using System.Text.Json.Nodes;

namespace Fluence.Kernel.Services;

/// <summary>One JSON document per key in a folder, written atomically (temp file + rename) so a crash never leaves half a record.</summary>
internal sealed class JsonFileStore(string directory)
{
    public string Directory { get; } = directory;

    public async Task WriteAsync(string key, JsonNode document, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(key);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(temp, document.ToJsonString(), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    public void Delete(string key) => File.Delete(PathOf(key));

    public async IAsyncEnumerable<(string Key, JsonNode? Document)> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Directory))
            yield break;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            yield return (Path.GetFileNameWithoutExtension(path), TryParse(text));
        }
    }

    /// <summary>A damaged file reads as null; the caller logs and skips it instead of failing the whole load.</summary>
    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private string PathOf(string key)
    {
        // Keys are CIDs and UUIDs; refuse anything that could leave the folder.
        if (key.Length == 0 || key.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || key.Contains("..", StringComparison.Ordinal))
            throw new ServiceException($"'{key}' is not a valid record key");
        return Path.Combine(Directory, key + ".json");
    }
}
