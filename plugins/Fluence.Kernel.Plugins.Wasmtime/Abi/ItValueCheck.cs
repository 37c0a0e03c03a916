using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>
/// Checks typed arguments against a signature before anything is written into the guest, so a mismatch is a clear
/// error that leaves the instance untouched. Byte payloads are not walked (a byte array is one value).
/// </summary>
internal static class ItValueCheck
{
    public static void Arguments(ItFunctionSignature signature, IReadOnlyList<ItValue> arguments, ServiceInterface types)
    {
        if (arguments.Count != signature.Arguments.Count)
            throw new WasmCallException(WasmFailure.InvalidArguments, $"'{signature.Name}' takes {signature.Arguments.Count} arguments, got {arguments.Count}");
        for (var i = 0; i < arguments.Count; i++)
            Value(arguments[i], signature.Arguments[i].Type, types, null, signature.Arguments[i].Name, -1);
    }

    /// <summary>
    /// Where a value sits in the arguments; spelled out only for an error. Every call checks every field, so a value
    /// carries its place as (parent, field, index) and a <see cref="Path"/> is made only for a child or an error.
    /// </summary>
    private sealed record Path(Path? Parent, string? Field, int Index)
    {
        public override string ToString() => Parent is null ? Field ?? "" : Field is not null ? $"{Parent}.{Field}" : $"{Parent}[{Index}]";
    }

    private static void Value(ItValue value, ItType type, ServiceInterface types, Path? parent, string? field, int index)
    {
        Path At() => new(parent, field, index);
        switch (type.Kind)
        {
            case ItTypeKind.String:
                if (value is not ItValue.Text)
                    throw Bad(At(), value, type);
                return;
            case ItTypeKind.ByteArray:
                if (value is ItValue.Array bytes)
                {
                    foreach (var b in bytes.Items)
                        ItScalars.ToBits(b, ItTypeKind.U8);
                }
                else if (value is not ItValue.Bytes)
                {
                    throw Bad(At(), value, type);
                }
                return;
            case ItTypeKind.Array:
                if (value is ItValue.Bytes && type.Element!.Kind is ItTypeKind.U8 or ItTypeKind.S8)
                    return;
                if (value is not ItValue.Array array)
                    throw Bad(At(), value, type);
                if (array.Items.Count == 0)
                    return;
                var arrayPath = At();
                for (var i = 0; i < array.Items.Count; i++)
                    Value(array.Items[i], type.Element!, types, arrayPath, null, i);
                return;
            case ItTypeKind.Record:
                var record = RecordOf(types, type.RecordId);
                if (value is not ItValue.Record r || record is null)
                    throw Bad(At(), value, type);
                if (r.Fields.Count != record.Fields.Count)
                    throw new WasmCallException(WasmFailure.InvalidArguments, $"{At()}: record {record.Name} has {record.Fields.Count} fields, got {r.Fields.Count}");
                var recordPath = At();
                for (var i = 0; i < r.Fields.Count; i++)
                    Value(r.Fields[i], record.Fields[i].Type, types, recordPath, record.Fields[i].Name, -1);
                return;
            default:
                try
                {
                    ItScalars.ToBits(value, type.Kind);
                }
                catch (WasmCallException e)
                {
                    throw new WasmCallException(WasmFailure.InvalidArguments, $"{At()}: {e.Message}");
                }
                return;
        }
    }

    private static ItRecordType? RecordOf(ServiceInterface types, ulong id)
    {
        var records = types.Records;
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Id == id)
                return records[i];
        }
        return null;
    }

    private static WasmCallException Bad(Path path, ItValue value, ItType type) =>
        new(WasmFailure.InvalidArguments, $"{path}: expected {type.Kind.ToString().ToLowerInvariant()}, got {ItScalars.Describe(value)}");
}
