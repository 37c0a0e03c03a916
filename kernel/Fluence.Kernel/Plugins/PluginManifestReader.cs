using System.Text.Json;
using Fluence.Kernel.Plugins;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// Reads <c>plugin.json</c> strictly: every error names the file and what is wrong, so a broken plugin folder is
/// reported before the peer starts instead of failing somewhere inside the loader.
/// </summary>
public static class PluginManifestReader
{
    public const string FileName = "plugin.json";

    private static readonly HashSet<string> KnownProperties =
        ["id", "version", "assembly", "provides", "requires", "configurationSection", "abstractions", "description"];

    /// <exception cref="PeerConfigurationException">The manifest is malformed.</exception>
    public static PluginManifest Read(ReadOnlySpan<byte> json, string origin)
    {
        var errors = new List<string>();
        var manifest = TryRead(json, errors);
        if (manifest is null)
            throw new PeerConfigurationException(errors.Select(e => $"malformed plugin manifest {origin}: {e}").ToList());
        return manifest;
    }

    public static PluginManifest ReadFile(string path) => Read(File.ReadAllBytes(path), path);

    private static PluginManifest? TryRead(ReadOnlySpan<byte> json, List<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            errors.Add($"not valid JSON ({ex.Message})");
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("the manifest must be a JSON object");
                return null;
            }
            foreach (var property in root.EnumerateObject())
            {
                if (!KnownProperties.Contains(property.Name))
                    errors.Add($"unknown property '{property.Name}' (known: {string.Join(", ", KnownProperties)})");
            }
            var id = RequiredString(root, "id", errors);
            if (id is not null && !IsValidId(id))
                errors.Add($"'id' '{id}' must be lower-case letters, digits, '-', '_' or '.'");
            var version = RequiredString(root, "version", errors);
            var assembly = RequiredString(root, "assembly", errors);
            if (assembly is not null && (Path.IsPathRooted(assembly) || assembly.Split('/', '\\').Contains("..")))
                errors.Add($"'assembly' '{assembly}' must be a path inside the plugin folder");
            var provides = Slots(root, "provides", errors);
            var requires = Slots(root, "requires", errors);
            var section = OptionalString(root, "configurationSection", errors);
            var description = OptionalString(root, "description", errors);
            var abstractionsText = RequiredString(root, "abstractions", errors);
            Version? abstractions = null;
            if (abstractionsText is not null && (!Version.TryParse(abstractionsText, out abstractions) || abstractions.Build > 0 || abstractions.Revision > 0))
                errors.Add($"'abstractions' '{abstractionsText}' must be a major.minor version such as \"1.0\"");
            foreach (var slot in provides.Intersect(requires))
                errors.Add($"slot '{SlotContracts.NameOf(slot)}' is both provided and required");
            if (errors.Count > 0)
                return null;
            return new PluginManifest
            {
                Id = id!,
                Version = version!,
                Assembly = assembly!,
                Provides = provides,
                Requires = requires,
                ConfigurationSection = string.IsNullOrWhiteSpace(section) ? null : section,
                Abstractions = new Version(abstractions!.Major, abstractions.Minor),
                Description = description,
            };
        }
    }

    private static bool IsValidId(string id) =>
        id.Length > 0 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.');

    private static string? RequiredString(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add($"'{name}' is missing");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add($"'{name}' must be a non-empty string");
            return null;
        }
        return value.GetString()!.Trim();
    }

    private static string? OptionalString(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"'{name}' must be a string");
            return null;
        }
        return value.GetString();
    }

    private static Slot[] Slots(JsonElement root, string name, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"'{name}' must be an array of slot names");
            return [];
        }
        var slots = new List<Slot>();
        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText();
            if (!SlotContracts.TryParse(text, out var slot))
                errors.Add($"'{name}' lists unknown slot '{text}' (known: {string.Join(", ", SlotContracts.All.Select(SlotContracts.NameOf))})");
            else if (slots.Contains(slot))
                errors.Add($"'{name}' lists slot '{text}' twice");
            else
                slots.Add(slot);
        }
        return [.. slots];
    }
}
