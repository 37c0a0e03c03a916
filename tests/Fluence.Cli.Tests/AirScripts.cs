namespace Fluence.Cli.Tests;

/// <summary>Scripts in the Aqua compiler's style (inputs from getDataSrv, result to callbackSrv.response).</summary>
internal static class AirScripts
{
    /// <summary>Asks the relay's <c>op.identity</c> to echo PEER_2's id (substituted by the runner).</summary>
    public const string IdentityOfPeer2ThroughRelay = """
        (xor
         (seq
          (seq
           (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
           (call -relay- ("op" "identity") ["{{PEER_2}}"] echoed)
          )
          (call %init_peer_id% ("callbackSrv" "response") [echoed])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    /// <summary>Echoes the <c>--data</c> field <c>greeting</c> through the relay.</summary>
    public const string EchoDataThroughRelay = """
        (xor
         (seq
          (seq
           (seq
            (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
            (call %init_peer_id% ("getDataSrv" "greeting") [] greeting)
           )
           (call -relay- ("op" "identity") [greeting] echoed)
          )
          (call %init_peer_id% ("callbackSrv" "response") [echoed])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    /// <summary>A call that fails on the relay: the script reports it through errorHandlingSrv.</summary>
    public const string UnknownServiceOnRelay = """
        (xor
         (seq
          (seq
           (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
           (call -relay- ("no-such-service" "f") [] x)
          )
          (call %init_peer_id% ("callbackSrv" "response") [x])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    /// <summary>Goes to a peer that is not on the network: no answer ever comes, the client waits for the TTL.</summary>
    public static string ThroughAbsentPeer(string absentPeer) => """
        (seq
         (seq
          (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
          (call -relay- ("op" "noop") [])
         )
         (seq
          (call "ABSENT" ("op" "noop") [])
          (call %init_peer_id% ("callbackSrv" "response") ["unreachable"])
         )
        )
        """.Replace("ABSENT", absentPeer, StringComparison.Ordinal);

    /// <summary>Does not parse (a missing parenthesis).</summary>
    public const string Broken = """(call %init_peer_id% ("op" "noop") []""";
}
