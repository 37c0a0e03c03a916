using System.Text;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Binary;

/// <summary>A function import of a core module: namespace and name.</summary>
internal sealed record WasmFunctionImport(string Module, string Name);

/// <summary>
/// A walk over the top-level sections of a core Wasm binary: custom sections by name and function imports. Wasmtime
/// exposes neither custom sections nor a cheap parse, and compiling AquaVM to learn its interface costs seconds.
/// </summary>
internal sealed class WasmBinary
{
    private static ReadOnlySpan<byte> Magic => [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    private WasmBinary(List<(string Name, ReadOnlyMemory<byte> Content)> customSections, List<WasmFunctionImport> imports)
    {
        CustomSections = customSections;
        FunctionImports = imports;
    }

    public IReadOnlyList<(string Name, ReadOnlyMemory<byte> Content)> CustomSections { get; }

    public IReadOnlyList<WasmFunctionImport> FunctionImports { get; }

    public IEnumerable<ReadOnlyMemory<byte>> Sections(string name) =>
        CustomSections.Where(s => s.Name == name).Select(s => s.Content);

    /// <summary>Reads the section structure. Throws <see cref="WasmCallException"/> (InvalidModule) on a malformed binary.</summary>
    public static WasmBinary Parse(ReadOnlyMemory<byte> wasm)
    {
        var span = wasm.Span;
        if (span.Length < 8 || !span[..8].SequenceEqual(Magic))
            throw Invalid("not a WebAssembly 1.0 binary (bad magic or version)");
        var custom = new List<(string, ReadOnlyMemory<byte>)>();
        var imports = new List<WasmFunctionImport>();
        var pos = 8;
        while (pos < span.Length)
        {
            var id = span[pos++];
            var size = (int)ReadU32(span, ref pos);
            if (size < 0 || pos + size > span.Length)
                throw Invalid($"section {id} at offset {pos} runs past the end of the binary (truncated module)");
            var body = wasm.Slice(pos, size);
            if (id == 0)
            {
                var b = body.Span;
                var p = 0;
                var nameLength = (int)ReadU32(b, ref p);
                if (nameLength < 0 || p + nameLength > b.Length)
                    throw Invalid("custom section name runs past its section");
                custom.Add((Encoding.UTF8.GetString(b.Slice(p, nameLength)), body[(p + nameLength)..]));
            }
            else if (id == 2)
            {
                ReadImports(body.Span, imports);
            }
            pos += size;
        }
        return new WasmBinary(custom, imports);
    }

    private static void ReadImports(ReadOnlySpan<byte> s, List<WasmFunctionImport> imports)
    {
        var p = 0;
        var count = ReadU32(s, ref p);
        for (var i = 0u; i < count; i++)
        {
            var module = ReadName(s, ref p);
            var name = ReadName(s, ref p);
            var kind = Byte(s, ref p);
            switch (kind)
            {
                case 0: // func: type index
                    ReadU32(s, ref p);
                    imports.Add(new WasmFunctionImport(module, name));
                    break;
                case 1: // table: reftype + limits
                    Byte(s, ref p);
                    SkipLimits(s, ref p);
                    break;
                case 2: // memory: limits
                    SkipLimits(s, ref p);
                    break;
                case 3: // global: valtype + mutability
                    Byte(s, ref p);
                    Byte(s, ref p);
                    break;
                case 4: // tag: attribute + type index
                    Byte(s, ref p);
                    ReadU32(s, ref p);
                    break;
                default:
                    throw Invalid($"unknown import kind {kind}");
            }
        }
    }

    private static void SkipLimits(ReadOnlySpan<byte> s, ref int p)
    {
        var flags = Byte(s, ref p);
        ReadU64(s, ref p);
        if ((flags & 1) != 0)
            ReadU64(s, ref p);
    }

    private static string ReadName(ReadOnlySpan<byte> s, ref int p)
    {
        var length = (int)ReadU32(s, ref p);
        if (length < 0 || p + length > s.Length)
            throw Invalid("import name runs past the import section");
        var name = Encoding.UTF8.GetString(s.Slice(p, length));
        p += length;
        return name;
    }

    private static byte Byte(ReadOnlySpan<byte> s, ref int p) =>
        p < s.Length ? s[p++] : throw Invalid("unexpected end of a section");

    private static uint ReadU32(ReadOnlySpan<byte> s, ref int p)
    {
        var value = ReadU64(s, ref p);
        return value <= uint.MaxValue ? (uint)value : throw Invalid("a 32-bit LEB128 integer is out of range");
    }

    private static ulong ReadU64(ReadOnlySpan<byte> s, ref int p)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte(s, ref p);
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
        throw Invalid("LEB128 integer is too long");
    }

    private static WasmCallException Invalid(string message) => new(WasmFailure.InvalidModule, "invalid wasm: " + message);
}
