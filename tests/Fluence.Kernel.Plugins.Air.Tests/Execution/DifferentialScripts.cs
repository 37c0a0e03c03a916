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
        ["fold-stream-map"] = """(seq (seq (ap ("a" 1) %m) (ap ("b" 2) %m)) (seq (fold %m e (seq (ap e.$.value $v) (next e)) (null)) (seq (canon %init_peer_id% $v #v) (call %init_peer_id% ("return" "") [#v]))))""",
        ["nested-stream-folds"] = """(seq (seq (seq (ap 1 $a) (ap 2 $a)) (seq (ap "x" $b) (ap "y" $b))) (seq (fold $a i (seq (fold $b j (seq (call %init_peer_id% ("op" "array") [i j] $r) (next j)) (null)) (next i)) (null)) (seq (canon %init_peer_id% $r #r) (call %init_peer_id% ("return" "") [#r]))))""",
        ["stream-fold-over-remote-values-par"] = """(seq (seq (par (call "{{A}}" ("who" "am") [] $r) (call "{{B}}" ("who" "am") [] $r)) (fold $r x (par (call %init_peer_id% ("op" "identity") [x] $out) (next x)) (null))) (seq (call %init_peer_id% ("op" "noop") []) (seq (canon %init_peer_id% $out #o) (call %init_peer_id% ("return" "") [#o]))))""",
        ["new-scalar-in-fold"] = """(seq (call %init_peer_id% ("op" "array") [1 2] arr) (fold arr i (seq (new x (seq (ap i x) (call %init_peer_id% ("return" "") [x]))) (next i))))""",
        ["new-stream-in-fold-remote"] = """(seq (call %init_peer_id% ("op" "array") [1 2] arr) (fold arr i (seq (new $s (seq (seq (call "{{A}}" ("op" "identity") [i] $s) (ap i $s)) (seq (canon "{{A}}" $s #s) (call %init_peer_id% ("return" "") [#s])))) (next i))))""",
        ["canon-remote-then-lambda"] = """(seq (seq (call "{{A}}" ("obj" "get") [] o) (seq (ap o $s) (ap o.$.z $s))) (seq (canon "{{B}}" $s #c) (call %init_peer_id% ("return" "") [#c.$.[0].name #c.$.[1] #c.length])))""",
        ["xor-in-fold-with-last-error"] = """(seq (call %init_peer_id% ("op" "array") ["ok" "bad"] arr) (fold arr i (seq (xor (match i "ok" (ap i $good)) (call %init_peer_id% ("return" "") [i %last_error%])) (next i)) (seq (canon %init_peer_id% $good #g) (call %init_peer_id% ("return" "") [#g]))))""",
        ["par-both-fail"] = """(xor (par (call %init_peer_id% ("fail" "a") [] x) (call %init_peer_id% ("fail" "b") [] y)) (call %init_peer_id% ("return" "") [:error: %last_error%]))""",
        ["three-hop-chain"] = """(seq (seq (call "{{A}}" ("op" "identity") [1] a) (seq (call "{{B}}" ("op" "identity") [a] b) (call "{{A}}" ("op" "array") [a b] c))) (call %init_peer_id% ("return" "") [c]))""",
        ["fold-canon-iterator-lambda"] = """(seq (seq (call %init_peer_id% ("obj" "get") [] o) (seq (ap o $s) (ap o $s))) (seq (canon %init_peer_id% $s #c) (fold #c e (seq (call %init_peer_id% ("return" "") [e.$.name e]) (next e)))))""",
        ["ap-literals-to-stream"] = """(seq (seq (seq (ap "s" $s) (ap 1.5 $s)) (seq (ap %init_peer_id% $s) (ap [] $s))) (seq (canon %init_peer_id% $s #c) (call %init_peer_id% ("return" "") [#c])))""",
        ["fail-scalar-object"] = """(seq (call %init_peer_id% ("op" "identity") [1] x) (xor (seq (ap x y) (fail %last_error%)) (call %init_peer_id% ("return" "") [:error: %last_error%])))""",
    };

    public static TheoryData<string> Names() => new(All.Keys);
}
