namespace Fluence.Cli.Tests.Relay;

/// <summary>
/// Scripts as the Aqua compiler writes them for a client behind a relay (js-client's <c>getRelayTime</c> smoke test
/// is the model): inputs from <c>getDataSrv</c>, every hop through <c>-relay-</c>, the result to
/// <c>callbackSrv.response</c>, errors to <c>errorHandlingSrv.error</c>.
/// </summary>
internal static class RelayScripts
{
    /// <summary>The relay's <c>op.identity</c> echoes the <c>message</c> input.</summary>
    public const string EchoThroughRelay = """
        (xor
         (seq
          (seq
           (seq
            (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
            (call %init_peer_id% ("getDataSrv" "message") [] message))
           (call -relay- ("op" "identity") [message] echoed))
          (call %init_peer_id% ("callbackSrv" "response") [echoed]))
         (call %init_peer_id% ("errorHandlingSrv" "error") [%last_error% 0]))
        """;

    /// <summary>The relay's clock: <c>peer.timestamp_ms</c> called on the relay.</summary>
    public const string RelayTimestamp = """
        (xor
         (seq
          (seq
           (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
           (call -relay- ("peer" "timestamp_ms") [] ts))
          (call %init_peer_id% ("callbackSrv" "response") [ts]))
         (call %init_peer_id% ("errorHandlingSrv" "error") [%last_error% 0]))
        """;

    /// <summary>
    /// Client → relay → the <c>target</c> peer (its <c>sig.get_peer_id</c> answers with its own id) → relay → client.
    /// </summary>
    public const string PeerIdOfTargetBehindRelay = """
        (xor
         (seq
          (seq
           (seq
            (seq
             (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
             (call %init_peer_id% ("getDataSrv" "target") [] target))
            (call -relay- ("op" "noop") []))
           (seq
            (call target ("sig" "get_peer_id") [] answered_by)
            (call -relay- ("op" "noop") [])))
          (call %init_peer_id% ("callbackSrv" "response") [answered_by]))
         (call %init_peer_id% ("errorHandlingSrv" "error") [%last_error% 0]))
        """;

    /// <summary>Sends the particle to a peer no one knows after the relay: no response ever comes back.</summary>
    public const string ToAPeerNobodyKnows = """
        (seq
         (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
         (seq
          (call -relay- ("op" "noop") [])
          (call "12D3KooWHk9BjDQBUqnavciRPhAYFvqKBe4ZiPPvde7vDaqgn5er" ("op" "noop") [])))
        """;

    public const string Broken = "(seq (call";
}
