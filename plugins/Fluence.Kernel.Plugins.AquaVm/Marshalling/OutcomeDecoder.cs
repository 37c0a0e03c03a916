using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.AquaVm.Marshalling;

/// <summary>
/// Reads AquaVM's InterpreterOutcome record: <c>ret_code i64, error_message, data, next_peer_pks, call_requests,
/// air_size_limit_exceeded, particle_size_limit_exceeded, call_result_size_limit_exceeded</c>.
/// </summary>
internal static class OutcomeDecoder
{
    public const int FieldCount = 8;

    public static InterpreterOutcome Decode(IReadOnlyList<ItValue> results)
    {
        if (results is not [ItValue.Record record])
            throw new FormatException($"invoke returned {results.Count} values; expected one InterpreterOutcome record");
        var f = record.Fields;
        if (f.Count != FieldCount)
            throw new FormatException($"InterpreterOutcome has {f.Count} fields; expected {FieldCount}");
        return new InterpreterOutcome(
            RetCode: Integer(f[0], "ret_code"),
            ErrorMessage: Text(f[1], "error_message"),
            Data: Bytes(f[2], "data"),
            NextPeerPks: Strings(f[3], "next_peer_pks"),
            CallRequests: CallRequestsDecoder.Decode(Bytes(f[4], "call_requests")),
            AirSizeLimitExceeded: Boolean(f[5], "air_size_limit_exceeded"),
            ParticleSizeLimitExceeded: Boolean(f[6], "particle_size_limit_exceeded"),
            CallResultSizeLimitExceeded: Boolean(f[7], "call_result_size_limit_exceeded"));
    }

    private static long Integer(ItValue value, string field) => value switch
    {
        ItValue.Signed s => s.Value,
        ItValue.Unsigned u when u.Value <= long.MaxValue => (long)u.Value,
        _ => throw Unexpected(field, "an integer", value),
    };

    private static string Text(ItValue value, string field) =>
        value is ItValue.Text t ? t.Value : throw Unexpected(field, "a string", value);

    private static bool Boolean(ItValue value, string field) => value switch
    {
        ItValue.Boolean b => b.Value,
        ItValue.Unsigned u => u.Value != 0,
        ItValue.Signed s => s.Value != 0,
        _ => throw Unexpected(field, "a bool", value),
    };

    /// <summary>A byte vector; accepted as byte_array or as an array of u8 (both are Vec&lt;u8&gt; to Marine).</summary>
    private static ReadOnlyMemory<byte> Bytes(ItValue value, string field)
    {
        switch (value)
        {
            case ItValue.Bytes b:
                return b.Value;
            case ItValue.Array a:
                var bytes = new byte[a.Items.Count];
                for (var i = 0; i < bytes.Length; i++)
                    bytes[i] = a.Items[i] is ItValue.Unsigned { Value: <= byte.MaxValue } u ? (byte)u.Value : throw Unexpected(field, "bytes", value);
                return bytes;
            default:
                throw Unexpected(field, "bytes", value);
        }
    }

    private static IReadOnlyList<string> Strings(ItValue value, string field)
    {
        if (value is not ItValue.Array array)
            throw Unexpected(field, "an array of strings", value);
        var strings = new string[array.Items.Count];
        for (var i = 0; i < strings.Length; i++)
            strings[i] = array.Items[i] is ItValue.Text t ? t.Value : throw Unexpected(field, "an array of strings", value);
        return strings;
    }

    private static FormatException Unexpected(string field, string expected, ItValue actual) =>
        new($"InterpreterOutcome.{field} is {actual.GetType().Name}; expected {expected}");
}
