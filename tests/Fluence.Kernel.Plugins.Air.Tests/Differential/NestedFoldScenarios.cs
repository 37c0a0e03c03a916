using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Random scenarios of folds nested over one stream that append to it while they go over it — the part of the
/// semantics where a stream's generations decide what a fold visits (the pass model of the native interpreter's
/// stream folds). An outer fold over <c>$s</c> holds up to two inner folds over <c>$s</c>; each body appends, under
/// a <c>match</c> on its iterators, by <c>ap</c> or through a call on one of four peers, in <c>seq</c> or <c>par</c>
/// with <c>next</c>, with or without a last instruction. Bounded on any model: a write appends a value greater than
/// those its guard matched, and no value above 5, so every fold ends. The client returns the canonicalised stream.
/// </summary>
internal static class NestedFoldScenarios
{
    private static readonly string[] Peers = ["%init_peer_id%", "\"{{A}}\"", "\"{{B}}\"", "\"{{C}}\""];

    public static JsonObject Scenario(int seed)
    {
        var random = new Random(seed);
        string Peer() => Peers[random.Next(Peers.Length)];
        string Append(int value, bool throughCall) => throughCall ? $"(call {Peer()} (\"svc\" \"id\") [{value}] $s)" : $"(ap {value} $s)";

        // Appends k + 1 when the iterator is k (and the outer one a); k, a ≤ 3 keep every value ≤ 4.
        string Guarded(string iterator, string? outer, bool throughCall)
        {
            var k = random.Next(1, 4);
            if (outer is null)
                return $"(xor (match {iterator} {k} {Append(k + 1, throughCall)}) (null))";
            var a = random.Next(1, 4);
            return $"(xor (match {outer} {a} (match {iterator} {k} {Append(Math.Max(a, k) + 1, throughCall)})) (null))";
        }

        string Body(string iterator, string work) => random.Next(3) == 0 ? $"(par {work} (next {iterator}))" : $"(seq {work} (next {iterator}))";
        string Last() => random.Next(3) == 0 ? " (null)" : "";

        var inner = "";
        var innerCount = random.Next(0, 3);
        for (var n = 0; n < innerCount; n++)
        {
            var j = "j" + n;
            var work = random.Next(4) == 0 ? "(null)" : Guarded(j, "i", random.Next(2) == 0);
            if (random.Next(3) == 0)
                work = $"(seq (call {Peer()} (\"svc\" \"id\") [{j}]) {work})";
            var fold = $"(fold $s {j} {Body(j, work)}{Last()})";
            inner = inner.Length == 0 ? fold : $"(seq {inner} {fold})";
        }
        var outerWork = random.Next(3) == 0 ? "(null)" : Guarded("i", null, random.Next(2) == 0);
        if (inner.Length > 0)
            outerWork = random.Next(2) == 0 ? $"(seq {outerWork} {inner})" : $"(seq {inner} {outerWork})";
        if (random.Next(3) == 0)
            outerWork = $"(seq (call {Peer()} (\"svc\" \"id\") [i]) {outerWork})";
        var outer = $"(fold $s i {Body("i", outerWork)}{Last()})";

        var init = random.Next(3) == 0 ? $"(call {Peer()} (\"svc\" \"id\") [1] $s)" : "(ap 1 $s)";
        if (random.Next(3) == 0)
        {
            var second = random.Next(1, 3);
            init = $"(seq {init} {(random.Next(2) == 0 ? $"(call {Peer()} (\"svc\" \"id\") [{second}] $s)" : $"(ap {second} $s)")})";
        }
        if (random.Next(4) == 0)
            init = $"(seq {init} (fold $s x (seq (null) (next x))))";
        if (random.Next(4) == 0)
            outer = $"(seq {outer} (fold $s i2 {Body("i2", Guarded("i2", null, random.Next(2) == 0))}))";
        var body = random.Next(2) == 0 ? $"(par {outer} (null))" : outer;

        var scenario = new JsonObject
        {
            ["air"] = $"(seq (seq {init} {body}) (seq (canon %init_peer_id% $s #all) (call %init_peer_id% (\"return\" \"\") [#all])))",
            ["peers"] = new JsonArray("client", "A", "B", "C"),
            ["services"] = RandomScenarios.Services.DeepClone(),
        };
        if (random.Next(3) == 0)
            scenario["splitCallResults"] = true;
        return scenario;
    }
}
