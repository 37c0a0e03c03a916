using System.Text;
using Fluence.Kernel.Plugins.Wasmtime.Binary;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Interface;

/// <summary>A function a module makes callable through interface types: its IT export index, signature and adapter.</summary>
internal sealed record MarineFunction(string Name, uint ExportIndex, ItFunctionType Signature, ItAdapter Adapter);

/// <summary>
/// What a Marine module declares, read from its bytes alone: SDK version, IT section, callable functions, imports and
/// the interface description (marine.md §1–§3, §6).
/// </summary>
internal sealed class MarineModuleInfo
{
    /// <summary>Host API namespaces, oldest first; the one a module imports decides the CallParameters layout.</summary>
    public static readonly string[] HostNamespaces = ["host", "__marine_host_api_v1", "__marine_host_api_v2", "__marine_host_api_v3"];

    public const string WasiNamespace = "wasi_snapshot_preview1";
    public const string LogFunction = "log_utf8_string";
    public const string CallParametersFunction = "get_call_parameters";

    private MarineModuleInfo(string sdkVersion, ItSection section, WasmBinary binary, IReadOnlyDictionary<string, MarineFunction> functions)
    {
        SdkVersion = sdkVersion;
        Section = section;
        Binary = binary;
        Functions = functions;
        HostNamespace = binary.FunctionImports.Select(i => i.Module).Where(m => HostNamespaces.Contains(m))
            .OrderByDescending(m => Array.IndexOf(HostNamespaces, m)).FirstOrDefault();
        HostImports = binary.FunctionImports
            .Where(i => HostNamespaces.Contains(i.Module) && i.Name is not LogFunction and not CallParametersFunction)
            .Select(i => i.Name).Distinct().ToArray();
        UsesLogger = binary.FunctionImports.Any(i => HostNamespaces.Contains(i.Module) && i.Name == LogFunction);
        Interface = BuildInterface();
    }

    public string SdkVersion { get; }
    public ItSection Section { get; }
    public WasmBinary Binary { get; }
    public IReadOnlyDictionary<string, MarineFunction> Functions { get; }

    /// <summary>The host API namespace the module imports (newest if several), null when it imports none.</summary>
    public string? HostNamespace { get; }

    /// <summary>Host imports other than logging and call parameters: mounted binaries ("effects").</summary>
    public IReadOnlyList<string> HostImports { get; }

    public bool UsesLogger { get; }

    public ServiceInterface Interface { get; }

    public ModuleDescription Describe() => new(SdkVersion, Interface, HostImports, UsesLogger);

    /// <summary>Reads and checks a Marine module. Throws <see cref="WasmCallException"/> (InvalidModule).</summary>
    public static MarineModuleInfo Parse(ReadOnlyMemory<byte> wasm)
    {
        var binary = WasmBinary.Parse(wasm);
        var sdkSections = binary.Sections("__fluence_sdk_version").ToList();
        if (sdkSections.Count != 1)
            throw Invalid($"expected exactly one __fluence_sdk_version section, found {sdkSections.Count} (not a Marine module)");
        var sdkVersion = Encoding.UTF8.GetString(sdkSections[0].Span).Trim('\0', ' ', '\n');
        if (!TryParseVersion(sdkVersion, out var sdk) || sdk < new Version(0, 6, 0))
            throw Invalid($"marine-rs-sdk version '{sdkVersion}' is not supported (minimum 0.6.0)");
        var itSections = binary.Sections("interface-types").ToList();
        if (itSections.Count != 1)
            throw Invalid($"expected exactly one interface-types section, found {itSections.Count}");
        var section = ItSectionReader.Read(itSections[0].Span);
        if (!TryParseVersion(section.Version, out var itVersion) || itVersion < new Version(0, 20, 0))
            throw Invalid($"interface-types version '{section.Version}' is not supported (minimum 0.20.0)");

        var functions = new Dictionary<string, MarineFunction>(StringComparer.Ordinal);
        foreach (var implementation in section.Implementations)
        {
            var adapter = section.Adapters.FirstOrDefault(a => a.FunctionType == implementation.AdapterFunctionType);
            if (adapter is null)
                continue; // an adapted import's implementation points at an import adapter of the same type
            for (var i = 0; i < section.Exports.Count; i++)
            {
                var export = section.Exports[i];
                if (export.FunctionType == implementation.CoreFunctionType)
                    functions[export.Name] = new MarineFunction(export.Name, (uint)i, section.FunctionType(implementation.AdapterFunctionType), adapter);
            }
        }
        return new MarineModuleInfo(sdkVersion, section, binary, functions);
    }

    /// <summary>Adapted imports in IT order (call-core index = export count + position): namespace, name, adapter.</summary>
    public IReadOnlyList<(ItImport Import, ItAdapter Adapter, ItFunctionType Signature)> AdaptedImports()
    {
        var result = new List<(ItImport, ItAdapter, ItFunctionType)>();
        foreach (var import in Section.Imports)
        {
            var implementation = Section.Implementations.FirstOrDefault(i => i.CoreFunctionType == import.FunctionType);
            if (implementation is null)
                continue;
            var adapter = Section.Adapters.FirstOrDefault(a => a.FunctionType == implementation.AdapterFunctionType);
            if (adapter is null)
                continue;
            // The IT-level signature is the sibling import (same name) whose type is not a core type.
            var itLevel = Section.Imports.FirstOrDefault(i => i.Namespace == import.Namespace && i.Name == import.Name && i.FunctionType != import.FunctionType);
            var signature = Section.FunctionType(itLevel?.FunctionType ?? import.FunctionType);
            result.Add((import, adapter, signature));
        }
        return result;
    }

    private ServiceInterface BuildInterface()
    {
        var records = new SortedDictionary<ulong, ItRecordType>();
        void Visit(ItType type)
        {
            if (type.Kind == ItTypeKind.Array)
            {
                Visit(type.Element!);
            }
            else if (type.Kind == ItTypeKind.Record && !records.ContainsKey(type.RecordId))
            {
                var entry = Section.RecordType(type.RecordId);
                records[type.RecordId] = new ItRecordType(entry.Name, type.RecordId, entry.Fields);
                foreach (var f in entry.Fields)
                    Visit(f.Type);
            }
        }
        var signatures = new List<ItFunctionSignature>();
        foreach (var export in Section.Exports)
        {
            if (!Functions.TryGetValue(export.Name, out var f) || signatures.Any(s => s.Name == export.Name))
                continue;
            signatures.Add(new ItFunctionSignature(f.Name, f.Signature.Arguments, f.Signature.Outputs));
            foreach (var a in f.Signature.Arguments) Visit(a.Type);
            foreach (var o in f.Signature.Outputs) Visit(o);
        }
        return new ServiceInterface(signatures, records.Values.ToArray());
    }

    private static bool TryParseVersion(string text, out Version version)
    {
        var core = text.Split('-', '+')[0];
        return Version.TryParse(core, out version!);
    }

    private static WasmCallException Invalid(string message) => new(WasmFailure.InvalidModule, "invalid Marine module: " + message);
}
