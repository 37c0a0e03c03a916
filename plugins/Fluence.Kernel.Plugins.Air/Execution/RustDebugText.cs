using System.Globalization;
using System.Text;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// AquaVM's structures as Rust's Debug prints them: its error messages show the trace states, fold lore and tetraplets
/// they are about this way (verified against AquaVM's messages, state by state).
/// </summary>
internal static class RustDebugText
{
    /// <summary>A string as Rust's Debug quotes it (the escapes that names and JSON texts can need).</summary>
    public static string String(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                '\0' => quoted.Append("\\0"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:x}}}"),
                _ => quoted.Append(c),
            };
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>A trace state: <c>Call(Executed(Scalar(CID("…"))))</c>, <c>Ap(ApResult { res_generations: [0] })</c>, ….</summary>
    public static string State(ExecutedState state) => state switch
    {
        CallState call => $"Call({CallResult(call.Result)})",
        ParState par => $"Par({ParResult(par)})",
        ApState ap => $"Ap({ApResult(ap)})",
        CanonState { Result: CanonExecuted executed } => $"Canon(Executed({Cid(executed.Cid)}))",
        CanonState { Result: CanonRequestSentBy requested } => $"Canon(RequestSentBy({String(requested.Peer.Value)}))",
        FoldState fold => $"Fold({FoldResult(fold.LoreSpan)})",
        _ => state.ToString()!,
    };

    public static string ApResult(ApState ap) => $"ApResult {{ res_generations: [{string.Join(", ", ap.Generations)}] }}";

    /// <summary>An executed call's value: <c>Scalar(CID("…"))</c>, <c>Stream { cid: CID("…"), generation: 0 }</c>, ….</summary>
    public static string ValueRef(ValueRef value) => value.Kind == ValueKind.Stream
        ? $"Stream {{ cid: {Cid(value.Cid)}, generation: {value.Generation} }}"
        : $"{value.Kind}({Cid(value.Cid)})";

    public static string ParResult(ParState par) => $"ParResult {{ left_size: {par.Left}, right_size: {par.Right} }}";

    public static string FoldResult(ReadOnlySpan<FoldLore> lore)
    {
        var text = new StringBuilder("FoldResult { lore: [");
        for (var i = 0; i < lore.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append("FoldSubTraceLore { value_pos: ").Append(lore[i].ValuePosition).Append(", subtraces_desc: [");
            var subtraces = lore[i].SubtraceSpan;
            for (var k = 0; k < subtraces.Length; k++)
                text.Append(k == 0 ? "" : ", ").Append(Descriptor(subtraces[k]));
            text.Append("] }");
        }
        return text.Append("] }").ToString();
    }

    public static string Descriptor(SubTraceDescriptor descriptor) => $"SubTraceDesc {{ begin_pos: {descriptor.Position}, subtrace_len: {descriptor.Length} }}";

    public static string Tetraplet(string peer, string service, string function, string lens = "") =>
        $"SecurityTetraplet {{ peer_pk: {String(peer)}, service_id: {String(service)}, function_name: {String(function)}, lens: {String(lens)} }}";

    /// <summary>AquaVM's error for call results the script did not take (its map of them, by call id).</summary>
    public static string UnprocessedCallResults(IEnumerable<(uint Id, CallServiceResult Result)> results) =>
        "after finishing execution of supplied AIR, there are some unprocessed call results: `{"
        + string.Join(", ", results.Select(r => $"{String(r.Id.ToString(CultureInfo.InvariantCulture))}: CallServiceResult {{ ret_code: {r.Result.RetCode}, result: {String(r.Result.Result)} }}"))
        + "}`, probably a wrong call_id used";

    private static string CallResult(CallResult result) => result switch
    {
        RequestSentBy { Sender: { CallId: { } id } sender } => $"RequestSentBy(PeerIdWithCallId {{ peer_id: {String(sender.Peer.Value)}, call_id: {id} }})",
        RequestSentBy { Sender: var sender } => $"RequestSentBy(PeerId({String(sender.Peer.Value)}))",
        Executed { Value: var value } => $"Executed({ValueRef(value)})",
        Failed failed => $"Failed({Cid(failed.ServiceResultCid)})",
        _ => result.ToString()!,
    };

    private static string Cid(CidRef cid) => $"CID({String(cid.Value)})";

    /// <summary>
    /// A trace state as AquaVM displays it (its Display, not its Debug): <c>par(1, 0)</c>, <c>executed(Scalar(CID("…")))</c>,
    /// <c>request_sent_by(peer: 3)</c>, a fold's lore one value a line, a canon as <c>canon [&lt;object&gt;]</c>.
    /// </summary>
    public static string StateDisplay(ExecutedState state) => state switch
    {
        ParState par => $"par({par.Left}, {par.Right})",
        CallState { Result: RequestSentBy { Sender: { CallId: { } id } sender } } => $"request_sent_by({sender.Peer.Value}: {id})",
        CallState { Result: RequestSentBy { Sender: var sender } } => $"request_sent_by({sender.Peer.Value})",
        CallState { Result: Executed or Failed } call => $"{char.ToLowerInvariant(CallResult(call.Result)[0])}{CallResult(call.Result)[1..]}",
        FoldState fold => FoldDisplay(fold.LoreSpan),
        CanonState => "canon [<object>]",
        _ => State(state),
    };

    private static string FoldDisplay(ReadOnlySpan<FoldLore> lore)
    {
        var text = new StringBuilder("fold(");
        foreach (var value in lore)
        {
            text.Append("\n          ").Append(value.ValuePosition).Append(" - ");
            var subtraces = value.SubtraceSpan;
            for (var k = 0; k < subtraces.Length; k++)
                text.Append(k == 0 ? "" : ", ").Append('[').Append(subtraces[k].Position).Append(", ").Append(subtraces[k].Length).Append(']');
        }
        return text.Append("\n     )").ToString();
    }
}
