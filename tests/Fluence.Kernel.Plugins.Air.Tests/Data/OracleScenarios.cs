using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>Scenarios (aquavm.md §6 format) whose every produced data blob the codec tests decode and re-encode.</summary>
internal static class OracleScenarios
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["calls-par-canon-xor"] = """
            {"air": "(seq (seq (call %init_peer_id% (\"op\" \"identity\") [\"hi\"] x) (par (call \"{{A}}\" (\"svc\" \"f\") [x] $s) (call \"{{B}}\" (\"svc\" \"f\") [x 1] $s))) (seq (call %init_peer_id% (\"op\" \"noop\") []) (seq (canon %init_peer_id% $s #cc) (xor (call %init_peer_id% (\"bad\" \"f\") [#cc.length]) (call %init_peer_id% (\"return\" \"\") [:error: #cc])))))",
             "peers": ["client", "A", "B"], "services": {"svc.f": "echo"}}
            """,
        ["fold-stream-canon"] = """
            {"air": "(seq (seq (call %init_peer_id% (\"op\" \"array\") [1 2 3] arr) (fold arr i (seq (call \"{{A}}\" (\"math\" \"double\") [i] $s) (next i)))) (seq (seq (fold $s v (seq (ap v $t) (next v)) (null)) (canon %init_peer_id% $t #tt)) (call %init_peer_id% (\"return\" \"\") [#tt #tt.length #tt.$.[1]])))",
             "peers": ["client", "A"], "services": {"math.double": {"js": "(args) => args[0] * 2"}}}
            """,
        ["stream-map-canon"] = """
            {"air": "(seq (seq (seq (ap (\"a\" 1) %m) (seq (ap (\"b\" \"two\") %m) (ap (\"a\" 3) %m))) (seq (canon %init_peer_id% %m #%cm) (canon %init_peer_id% %m sc))) (seq (seq (call %init_peer_id% (\"op\" \"identity\") [\"a\"] key) (fold #%cm kv (seq (ap kv.$.key $keys) (next kv)))) (seq (canon %init_peer_id% $keys #keys) (call %init_peer_id% (\"return\" \"\") [#%cm.$.a #%cm.$.[key] #%cm.$.b sc #keys #%cm.length]))))",
             "peers": ["client"]}
            """,
        ["new-remote-canon"] = """
            {"air": "(seq (new $acc (seq (seq (call \"{{A}}\" (\"op\" \"identity\") [%timestamp%] $acc) (call \"{{B}}\" (\"op\" \"identity\") [%ttl%] $acc)) (seq (canon \"{{B}}\" $acc #acc) (call %init_peer_id% (\"op\" \"identity\") [#acc] r)))) (call %init_peer_id% (\"return\" \"\") [r %init_peer_id%]))",
             "peers": ["client", "A", "B"]}
            """,
        ["par-join-stream"] = """
            {"air": "(seq (seq (par (call \"{{A}}\" (\"op\" \"identity\") [\"from A\"] $res) (call \"{{B}}\" (\"op\" \"identity\") [\"from B\"] $res)) (new $inner (seq (fold $res r (seq (seq (ap r $inner) (canon %init_peer_id% $inner #inner)) (xor (match #inner.length 2 (null)) (next r))) (never)) (canon %init_peer_id% $inner #joined)))) (call %init_peer_id% (\"return\" \"\") [#joined]))",
             "peers": ["client", "A", "B"]}
            """,
        ["errors-fail-match"] = """
            {"air": "(seq (xor (call \"{{A}}\" (\"broken\" \"f\") [\"x\"] r) (seq (call %init_peer_id% (\"op\" \"identity\") [:error:] e1) (call %init_peer_id% (\"op\" \"identity\") [%last_error%] le1))) (seq (xor (match 1 2 (null)) (xor (fail 77 \"seventy seven\") (call %init_peer_id% (\"op\" \"array\") [:error: %last_error%] e2))) (xor (mismatch \"a\" \"a\" (null)) (call %init_peer_id% (\"return\" \"\") [e1 le1 e2]))))",
             "peers": ["client", "A"], "services": {"broken.f": {"fail": "bad things happened"}}}
            """,
        ["escapes-and-unicode"] = """
            {"air": "(seq (call \"{{A}}\" (\"text\" \"get\") [\"tab\\there\" \"back\\\\slash\" \"é ünï 日本\"] $s) (seq (canon \"{{A}}\" $s #c2) (call %init_peer_id% (\"return\" \"\") [#c2 #c2.$.[0].key])))",
             "peers": ["client", "A"], "services": {"text.get": {"result": {"key": "line\nnext \u0001 \"quoted\" \\ back é 日本", "z": 1.5, "a": [true, null, -7]}}}}
            """,
    };

    public static TheoryData<string> Names() => new(All.Keys);

    public static JsonObject Scenario(string name) => JsonNode.Parse(All[name])!.AsObject();
}
