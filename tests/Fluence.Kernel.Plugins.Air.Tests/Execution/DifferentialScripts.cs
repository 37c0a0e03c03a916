namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>Hand-written scripts, one or a few instructions / error paths each, over peers client (init), A and B.</summary>
internal static class DifferentialScripts
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["null"] = "(null)",
        ["local-call-chain"] = """(seq (call %init_peer_id% ("op" "identity") ["hi"] x) (call %init_peer_id% ("return" "") [x]))""",
        ["call-no-output-and-literals"] = """(seq (call %init_peer_id% ("op" "noop") [1 -2 1.5 true false [] %timestamp% %ttl% %init_peer_id%]) (call %init_peer_id% ("return" "") ["done"]))""",
        ["lambda-on-result"] = """(seq (call %init_peer_id% ("obj" "get") [] o) (call %init_peer_id% ("return" "") [o.$.a.[0] o.$.name o.$.a.length o]))""",
        ["two-peers-seq"] = """(seq (seq (call "{{A}}" ("who" "am") [] a) (call "{{B}}" ("who" "am") [a] b)) (call %init_peer_id% ("return" "") [a b]))""",
        ["par-two-peers"] = """(seq (par (call "{{A}}" ("who" "am") [] a) (call "{{B}}" ("who" "am") [] b)) (call %init_peer_id% ("return" "") [a b]))""",
        ["par-stream-join"] = """(seq (seq (par (call "{{A}}" ("who" "am") [] $r) (call "{{B}}" ("who" "am") [] $r)) (new $inner (seq (fold $r x (seq (seq (ap x $inner) (canon %init_peer_id% $inner #in)) (xor (match #in.length 2 (null)) (next x))) (never)) (canon %init_peer_id% $inner #joined)))) (call %init_peer_id% ("return" "") [#joined]))""",
        ["xor-service-error"] = """(xor (call %init_peer_id% ("fail" "now") [1] r) (call %init_peer_id% ("return" "") [:error: %last_error%]))""",
        ["xor-remote-error"] = """(seq (xor (call "{{A}}" ("fail" "there") ["x"] r) (call "{{A}}" ("op" "identity") [:error:] e)) (call %init_peer_id% ("return" "") [e %last_error%]))""",
        ["match-mismatch"] = """(seq (seq (xor (match 1 2 (null)) (call %init_peer_id% ("return" "") [:error: %last_error%])) (xor (mismatch "a" "a" (null)) (call %init_peer_id% ("return" "") [:error:]))) (match 1 1 (call %init_peer_id% ("return" "") ["equal"])))""",
        ["fail-forms"] = """(seq (seq (xor (fail 77 "seventy seven") (call %init_peer_id% ("return" "") [:error: %last_error%])) (xor (xor (call %init_peer_id% ("fail" "x") [] r) (fail :error:)) (call %init_peer_id% ("return" "") [:error:]))) (xor (xor (fail 5 "five") (fail %last_error%)) (call %init_peer_id% ("return" "") [:error: %last_error%])))""",
        ["fail-uncaught"] = """(seq (call %init_peer_id% ("op" "identity") [1] x) (fail 9 "nine"))""",
        ["fold-scalar-seq"] = """(seq (call %init_peer_id% ("op" "array") [1 2 3] arr) (fold arr i (seq (call %init_peer_id% ("op" "identity") [i] $s) (next i))))""",
        ["fold-scalar-par-remote"] = """(seq (seq (call %init_peer_id% ("op" "array") ["a" "b"] arr) (fold arr i (par (call "{{A}}" ("op" "identity") [i] $s) (next i)))) (seq (call "{{A}}" ("op" "noop") []) (seq (canon "{{A}}" $s #c) (call %init_peer_id% ("return" "") [#c]))))""",
        ["fold-stream-with-last"] = """(seq (seq (seq (ap 1 $s) (ap 2 $s)) (ap 3 $s)) (seq (fold $s v (seq (ap v $t) (next v)) (null)) (seq (canon %init_peer_id% $t #t2) (call %init_peer_id% ("return" "") [#t2 #t2.length #t2.$.[1]]))))""",
        ["fold-stream-par-next"] = """(seq (seq (seq (ap 1 $s) (ap 2 $s)) (ap 3 $s)) (seq (fold $s v (seq (ap v $a) (par (ap v $t) (next v))) (null)) (seq (canon %init_peer_id% $t #t2) (call %init_peer_id% ("return" "") [#t2]))))""",
        ["fold-stream-remote-values"] = """(seq (seq (call %init_peer_id% ("op" "array") [1 2 3] arr) (fold arr i (seq (call "{{A}}" ("op" "identity") [i] $s) (next i)))) (seq (seq (fold $s v (seq (ap v $t) (next v)) (null)) (canon %init_peer_id% $t #tt)) (call %init_peer_id% ("return" "") [#tt #tt.length #tt.$.[1]])))""",
        ["stream-map-canon"] = """(seq (seq (seq (ap ("a" 1) %m) (seq (ap ("b" "two") %m) (ap ("a" 3) %m))) (seq (canon %init_peer_id% %m #%cm) (canon %init_peer_id% %m sc))) (seq (seq (call %init_peer_id% ("op" "identity") ["a"] key) (fold #%cm kv (seq (ap kv.$.key $keys) (next kv)))) (seq (canon %init_peer_id% $keys #keys) (call %init_peer_id% ("return" "") [#%cm.$.a #%cm.$.[key] #%cm.$.b sc #keys #%cm.length]))))""",
        ["new-remote-canon"] = """(seq (new $acc (seq (seq (call "{{A}}" ("op" "identity") [%timestamp%] $acc) (call "{{B}}" ("op" "identity") [%ttl%] $acc)) (seq (canon "{{B}}" $acc #acc) (call %init_peer_id% ("op" "identity") [#acc] r)))) (call %init_peer_id% ("return" "") [r %init_peer_id%]))""",
        ["ap-scalar-and-canon-lambda"] = """(seq (seq (call %init_peer_id% ("obj" "get") [] o) (ap o.$.a a)) (seq (seq (ap a $s) (ap o.$.n $s)) (seq (canon %init_peer_id% $s #cs) (call %init_peer_id% ("return" "") [a #cs #cs.$.[0].[2] #cs.length]))))""",
        ["unknown-service-uncaught"] = """(call %init_peer_id% ("nope" "nothing") [] r)""",
        ["never-in-par"] = """(seq (par (never) (call %init_peer_id% ("op" "identity") [1] x)) (call %init_peer_id% ("return" "") [x]))""",
        ["join-waits-for-remote"] = """(seq (par (call "{{A}}" ("op" "identity") ["late"] x) (null)) (call %init_peer_id% ("return" "") [x]))""",
        ["lambda-error-caught"] = """(seq (call %init_peer_id% ("obj" "get") [] o) (xor (call %init_peer_id% ("op" "identity") [o.$.missing] r) (call %init_peer_id% ("return" "") [:error: %last_error%])))""",
        ["fold-over-non-array"] = """(seq (call %init_peer_id% ("op" "identity") [1] one) (xor (fold one i (null)) (call %init_peer_id% ("return" "") [:error:])))""",
        ["canon-empty-stream"] = """(seq (canon %init_peer_id% $nothing #empty) (call %init_peer_id% ("return" "") [#empty #empty.length]))""",
        ["shadowing-is-uncatchable"] = """(seq (ap 1 x) (xor (ap 2 x) (null)))""",
        ["fold-empty-array"] = """(seq (fold [] i (next i)) (call %init_peer_id% ("return" "") ["after"]))""",
        ["nested-par-xor-remote"] = """(seq (par (xor (call "{{A}}" ("fail" "x") [] a) (call "{{A}}" ("op" "identity") ["recovered"] a)) (call "{{B}}" ("who" "am") [] b)) (call %init_peer_id% ("return" "") [a b]))""",
    };

    public static TheoryData<string> Names() => new(All.Keys);
}
