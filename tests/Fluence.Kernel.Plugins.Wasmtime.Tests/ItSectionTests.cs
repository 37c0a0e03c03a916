using Fluence.Kernel.Plugins.Wasmtime.Binary;
using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>The interface-types decoder against real sections, and its errors on malformed ones.</summary>
public sealed class ItSectionTests
{
    private static byte[] Section(byte[] wasm) => WasmBinary.Parse(wasm).Sections("interface-types").Single().ToArray();

    [Theory]
    [MemberData(nameof(AvmTests.Versions), MemberType = typeof(AvmTests))]
    public void Real_sections_decode_and_encode_back_byte_for_byte(string version)
    {
        var raw = Section(AvmModules.Wasm(version));

        var section = ItSectionReader.Read(raw);

        Assert.Equal(raw, ItSectionWriter.Write(section));
        Assert.Contains(section.Exports, e => e.Name == "invoke");
    }

    [Fact]
    public void The_greeting_example_of_the_fact_sheet_decodes_to_one_string_function()
    {
        byte[] section =
        [
            0x05, 0x06, .. "0.27.0"u8,
            0x00, 0x08,
            0x00, 0x01, 0x04, .. "size"u8, 0x0c, 0x01, 0x0c,
            0x00, 0x00, 0x00,
            0x00, 0x00, 0x01, 0x0c,
            0x00, 0x00, 0x01, 0x0c,
            0x00, 0x01, 0x0b, .. "result_size"u8, 0x0c, 0x00,
            0x00, 0x01, 0x0a, .. "result_ptr"u8, 0x0c, 0x00,
            0x00, 0x01, 0x04, .. "name"u8, 0x0a, 0x01, 0x0a,
            0x00, 0x01, 0x04, .. "name"u8, 0x0a, 0x01, 0x0a,
            0x02, 0x01, 0x06, 0x0b, 0x00, 0x00, 0x24, 0x40, 0x01, 0x01, 0x00, 0x00, 0x00, 0x23, 0x01, 0x06, 0x01, 0x03, 0x01, 0x02, 0x22, 0x01, 0x01,
            0x03, 0x07, 0x08, .. "allocate"u8, 0x00, 0x0f, .. "release_objects"u8, 0x01, 0x0f, .. "get_result_size"u8, 0x02,
            0x0e, .. "get_result_ptr"u8, 0x03, 0x0f, .. "set_result_size"u8, 0x04, 0x0e, .. "set_result_ptr"u8, 0x05, 0x08, .. "greeting"u8, 0x07,
            0x04, 0x01, 0x07, 0x06,
        ];

        var it = ItSectionReader.Read(section);

        Assert.Equal("0.27.0", it.Version);
        var adapter = Assert.Single(it.Adapters);
        Assert.Equal(11, adapter.Instructions.Count);
        Assert.Equal(new ItInstruction(ItOpcode.CallCore, 6), adapter.Instructions[6]);
        Assert.Equal(section, ItSectionWriter.Write(it));
    }

    [Fact]
    public void A_truncated_section_fails_with_its_offset()
    {
        var raw = Section(AvmModules.Wasm("0.62.0"));
        var error = Assert.Throws<WasmCallException>(() => ItSectionReader.Read(raw.AsSpan(0, raw.Length - 7)));
        Assert.Equal(WasmFailure.InvalidModule, error.Failure);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void An_unknown_instruction_or_block_is_refused()
    {
        byte[] badBlock = [0x05, 0x01, (byte)'1', 0x09];
        Assert.Contains("block kind 0x09", Assert.Throws<WasmCallException>(() => ItSectionReader.Read(badBlock)).Message);

        byte[] badInstruction = [0x05, 0x01, (byte)'1', 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, 0x01, 0x7e];
        Assert.Contains("unknown instruction 0x7e", Assert.Throws<WasmCallException>(() => ItSectionReader.Read(badInstruction)).Message);
    }

    [Fact]
    public void A_record_reference_to_a_missing_type_is_refused()
    {
        byte[] dangling = [0x05, 0x01, (byte)'1', 0x00, 0x01, 0x00, 0x01, 0x01, (byte)'r', 0x0e, 0x05, 0x00];
        var error = Assert.Throws<WasmCallException>(() => ItSectionReader.Read(dangling));
        Assert.Contains("not a record type", error.Message);
    }

    [Fact]
    public void A_section_without_a_version_is_refused()
    {
        Assert.Contains("no version", Assert.Throws<WasmCallException>(() => ItSectionReader.Read([0x00, 0x00])).Message);
    }
}
