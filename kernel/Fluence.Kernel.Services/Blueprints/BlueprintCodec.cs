using System.Text;
using System.Text.Json;
using Fluence.Kernel.Content;

namespace Fluence.Kernel.Services.Blueprints;

/// <summary>
/// A blueprint as Nox writes it: DAG-JSON of <c>{name, dependencies: [links]}</c> — keys in byte order, no whitespace,
/// each dependency a link <c>{"/": "&lt;cid&gt;"}</c>. The blueprint id hashes exactly these bytes.
/// </summary>
public static class BlueprintCodec
{
    public static byte[] Encode(string name, IReadOnlyList<Cid> dependencies)
    {
        var json = new StringBuilder("{\"dependencies\":[");
        for (var i = 0; i < dependencies.Count; i++)
        {
            if (i > 0)
                json.Append(',');
            json.Append("{\"/\":");
            AppendString(json, dependencies[i].ToString());
            json.Append('}');
        }
        json.Append("],\"name\":");
        AppendString(json, name);
        json.Append('}');
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    public static string EncodeToString(string name, IReadOnlyList<Cid> dependencies) => Encoding.UTF8.GetString(Encode(name, dependencies));

    /// <summary>Reads <c>dist.add_blueprint</c>'s argument; errors say which part is wrong, as Nox's do.</summary>
    public static (string Name, IReadOnlyList<Cid> Dependencies) Decode(string text)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ServiceException($"Error deserializing blueprint from IPLD: {ex.Message}", ex);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new ServiceException("Error deserializing blueprint from IPLD: not a map");
        if (!root.TryGetProperty("name", out var name))
            throw new ServiceException("Error deserializing blueprint from IPLD: name field is missing");
        if (!root.TryGetProperty("dependencies", out var deps))
            throw new ServiceException("Error deserializing blueprint from IPLD: dependencies field is missing");
        if (name.ValueKind != JsonValueKind.String)
            throw new ServiceException("Error deserializing blueprint from IPLD: name field is not a string");
        if (deps.ValueKind != JsonValueKind.Array)
            throw new ServiceException("Error deserializing blueprint from IPLD: dependencies field is not a list");
        var dependencies = new List<Cid>();
        foreach (var dep in deps.EnumerateArray())
        {
            if (dep.ValueKind != JsonValueKind.Object || !dep.TryGetProperty("/", out var link) || link.ValueKind != JsonValueKind.String
                || !Cid.TryParse(link.GetString(), out var cid))
                throw new ServiceException("Error deserializing blueprint from IPLD: dependency is not a link");
            dependencies.Add(cid);
        }
        return (name.GetString()!, dependencies);
    }

    /// <summary>JSON string escaping as serde_json does it (short escapes, \u00xx for other control characters).</summary>
    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case < ' ': json.Append("\\u").Append(((int)c).ToString("x4")); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
