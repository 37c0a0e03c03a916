namespace Fluence.Kernel.Particles.Tests.Scenarios;

/// <summary>
/// AIR in the shape the Aqua compiler emits (fluence-protocol.md §6.3): arguments from <c>getDataSrv</c>, every hop
/// to another peer goes through <c>-relay-</c>, results go to <c>callbackSrv.response</c> and errors, caught by an
/// <c>xor</c> whose fallback hops back via the relay, to <c>errorHandlingSrv.error</c>.
/// </summary>
public static class AquaScripts
{
    /// <summary>client → relay → a → b → relay → client; a echoes, b appends.</summary>
    public const string RelayAToB = """
        (xor
         (seq
          (seq
           (seq
            (seq
             (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
             (call %init_peer_id% ("getDataSrv" "a") [] a)
            )
            (call %init_peer_id% ("getDataSrv" "b") [] b)
           )
           (xor
            (seq
             (seq
              (seq
               (call -relay- ("op" "noop") [])
               (call a ("recorder" "echo") ["hello"] ra)
              )
              (call b ("op" "concat_strings") [ra " world"] rb)
             )
             (call -relay- ("op" "noop") [])
            )
            (seq
             (call -relay- ("op" "noop") [])
             (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 1])
            )
           )
          )
          (call %init_peer_id% ("callbackSrv" "response") [rb])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    /// <summary>
    /// <c>par</c> fan-out: every peer of <c>peers</c> answers with its id (via the relay); the client joins when
    /// <c>count</c> results are in (Aqua's join: a fold over the stream with a length match and <c>never</c>).
    /// </summary>
    public const string FanOutAndJoin = """
        (xor
         (seq
          (seq
           (seq
            (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
            (call %init_peer_id% ("getDataSrv" "peers") [] peers)
           )
           (call %init_peer_id% ("getDataSrv" "count") [] count)
          )
          (new $results
           (seq
            (seq
             (fold peers p
              (par
               (xor
                (seq
                 (seq
                  (seq
                   (call -relay- ("op" "noop") [])
                   (call p ("recorder" "echo") [p] r)
                  )
                  (ap r $results)
                 )
                 (call -relay- ("op" "noop") [])
                )
                (seq
                 (call -relay- ("op" "noop") [])
                 (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 1])
                )
               )
               (next p)
              )
             )
             (new $results_test
              (seq
               (fold $results s
                (seq
                 (seq
                  (ap s $results_test)
                  (canon %init_peer_id% $results_test #results_iter_canon)
                 )
                 (xor
                  (match #results_iter_canon.length count
                   (null)
                  )
                  (next s)
                 )
                )
                (never)
               )
               (canon %init_peer_id% $results_test #results_result_canon)
              )
             )
            )
            (call %init_peer_id% ("callbackSrv" "response") [#results_result_canon])
           )
          )
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    /// <summary>
    /// A stream gathered from several peers, joined on the relay, then folded over on the relay (each value
    /// transformed by a builtin into a second stream) and canonicalized there.
    /// </summary>
    public const string GatherThenFoldOnRelay = """
        (xor
         (seq
          (seq
           (seq
            (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
            (call %init_peer_id% ("getDataSrv" "peers") [] peers)
           )
           (call %init_peer_id% ("getDataSrv" "count") [] count)
          )
          (new $gathered
           (new $shouted
            (seq
             (seq
              (seq
               (seq
                (call -relay- ("op" "noop") [])
                (fold peers p
                 (par
                  (seq
                   (call p ("op" "concat_strings") ["hi from " p] v)
                   (ap v $gathered)
                  )
                  (next p)
                 )
                )
               )
               (new $gathered_test
                (seq
                 (fold $gathered g
                  (seq
                   (seq
                    (ap g $gathered_test)
                    (canon -relay- $gathered_test #gathered_iter_canon)
                   )
                   (xor
                    (match #gathered_iter_canon.length count
                     (null)
                    )
                    (next g)
                   )
                  )
                  (never)
                 )
                 (canon -relay- $gathered_test #gathered_canon)
                )
               )
              )
              (seq
               (fold #gathered_canon x
                (seq
                 (seq
                  (call -relay- ("op" "concat_strings") [x "!"] y)
                  (ap y $shouted)
                 )
                 (next x)
                )
               )
               (canon -relay- $shouted #shouted_canon)
              )
             )
             (call %init_peer_id% ("callbackSrv" "response") [#shouted_canon])
            )
           )
          )
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    /// <summary><c>ap</c> of literals and of a lambda into a stream and a scalar, then <c>canon</c>, all on the relay.</summary>
    public const string ApAndCanonOnRelay = """
        (xor
         (seq
          (seq
           (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
           (new $s
            (seq
             (seq
              (seq
               (seq
                (seq
                 (call -relay- ("json" "obj") ["name" "fluence" "n" 3] obj)
                 (ap obj.$.name name)
                )
                (ap "first" $s)
               )
               (ap name $s)
              )
              (canon -relay- $s #s)
             )
             (call -relay- ("op" "array_length") [#s] n)
            )
           )
          )
          (call %init_peer_id% ("callbackSrv" "response") [#s n])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    /// <summary>A call on peer <c>a</c> to <c>service.function</c> that is expected to fail; the xor reports the error.</summary>
    public static string FailingRemoteCall(string service, string function) => $$"""
        (xor
         (seq
          (seq
           (seq
            (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
            (call %init_peer_id% ("getDataSrv" "a") [] a)
           )
           (xor
            (seq
             (seq
              (call -relay- ("op" "noop") [])
              (call a ("{{service}}" "{{function}}") [] r)
             )
             (call -relay- ("op" "noop") [])
            )
            (seq
             (call -relay- ("op" "noop") [])
             (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 1])
            )
           )
          )
          (call %init_peer_id% ("callbackSrv" "response") [r])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    /// <summary>client → relay → a (waits <c>wait_ms</c> with <c>peer.timeout</c>) → b → client.</summary>
    public const string SlowHop = """
        (xor
         (seq
          (seq
           (seq
            (seq
             (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
             (call %init_peer_id% ("getDataSrv" "a") [] a)
            )
            (call %init_peer_id% ("getDataSrv" "b") [] b)
           )
           (seq
            (seq
             (seq
              (call -relay- ("op" "noop") [])
              (call a ("peer" "timeout") [2000 "late"] t)
             )
             (call b ("recorder" "echo") [t] r)
            )
            (call -relay- ("op" "noop") [])
           )
          )
          (call %init_peer_id% ("callbackSrv" "response") [r])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    /// <summary>One call on the relay (its id written in), for delivering the same particle several times.</summary>
    public static string EchoOn(string relay) => $$"""
        (call "{{relay}}" ("recorder" "echo") ["once"] r)
        """;

    /// <summary>The echo of the benchmark and of <c>checkConnection</c>: <c>op.identity</c> on the relay and back.</summary>
    public const string IdentityEcho = """
        (xor
         (seq
          (seq
           (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
           (call -relay- ("op" "identity") ["ping"] pong)
          )
          (call %init_peer_id% ("callbackSrv" "response") [pong])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;
}
