using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Random scenarios of folds nested over one stream (or stream map) that append to it while they go over it — the
/// part of the semantics where generations decide what a fold visits (the pass model of the native interpreter's
/// stream folds). An outer fold holds up to two inner folds over the same iterable; each body appends, under a
/// <c>match</c> on its iterators' values, by <c>ap</c> or with a value from a call on one of four peers, in <c>seq</c>
/// or <c>par</c> with <c>next</c>, with or without a last instruction. Bounded on any model: a write appends a value
/// greater than those its guard matched, and none above 4, so every fold ends. The client returns the iterable made
/// canon.
/// </summary>
internal static class NestedFoldScenarios
{
    private static readonly string[] Peers = ["%init_peer_id%", "\"{{A}}\"", "\"{{B}}\"", "\"{{C}}\""];

    /// <summary>Nested folds over the stream <c>$s</c>.</summary>
    public static JsonObject Scenario(int seed) => new Generator(new Random(seed), overMap: false).Scenario();

    /// <summary>Nested folds over the stream map <c>%m</c> (entries keyed "a", "b" or by their value).</summary>
    public static JsonObject MapScenario(int seed) => new Generator(new Random(seed), overMap: true).Scenario();

    private sealed class Generator(Random random, bool overMap)
    {
        private int _results;

        private string Iterable => overMap ? "%m" : "$s";

        public JsonObject Scenario()
        {
            var inner = "";
            var innerCount = random.Next(0, 3);
            for (var n = 0; n < innerCount; n++)
            {
                var j = "j" + n;
                var work = random.Next(4) == 0 ? "(null)" : Guarded(j, "i", random.Next(2) == 0);
                if (random.Next(3) == 0)
                    work = $"(seq (call {Peer()} (\"svc\" \"id\") [{ValueOf(j)}]) {work})";
                var fold = $"(fold {Iterable} {j} {Body(j, work)}{Last()})";
                inner = inner.Length == 0 ? fold : $"(seq {inner} {fold})";
            }
            var outerWork = random.Next(3) == 0 ? "(null)" : Guarded("i", null, random.Next(2) == 0);
            if (inner.Length > 0)
                outerWork = random.Next(2) == 0 ? $"(seq {outerWork} {inner})" : $"(seq {inner} {outerWork})";
            if (random.Next(3) == 0)
                outerWork = $"(seq (call {Peer()} (\"svc\" \"id\") [{ValueOf("i")}]) {outerWork})";
            var outer = $"(fold {Iterable} i {Body("i", outerWork)}{Last()})";

            var init = Append(1, random.Next(3) == 0);
            if (random.Next(3) == 0)
                init = $"(seq {init} {Append(random.Next(1, 3), random.Next(2) == 0)})";
            if (random.Next(4) == 0)
                init = $"(seq {init} (fold {Iterable} x (seq (null) (next x))))";
            if (random.Next(4) == 0)
                outer = $"(seq {outer} (fold {Iterable} i2 {Body("i2", Guarded("i2", null, random.Next(2) == 0))}))";
            var body = random.Next(2) == 0 ? $"(par {outer} (null))" : outer;

            var all = overMap ? "#%all" : "#all";
            var scenario = new JsonObject
            {
                ["air"] = $"(seq (seq {init} {body}) (seq (canon %init_peer_id% {Iterable} {all}) (call %init_peer_id% (\"return\" \"\") [{all}])))",
                ["peers"] = new JsonArray("client", "A", "B", "C"),
                ["services"] = RandomScenarios.Services.DeepClone(),
            };
            if (random.Next(3) == 0)
                scenario["splitCallResults"] = true;
            return scenario;
        }

        private string Peer() => Peers[random.Next(Peers.Length)];

        // What a guard matches: the iterator itself over a stream, its entry's value over a map.
        private string ValueOf(string iterator) => overMap ? $"{iterator}.$.value" : iterator;

        private string Append(int value, bool throughCall)
        {
            if (!overMap)
                return throughCall ? $"(call {Peer()} (\"svc\" \"id\") [{value}] $s)" : $"(ap {value} $s)";
            var key = random.Next(3) switch { 0 => "\"a\"", 1 => "\"b\"", _ => value.ToString() };
            if (!throughCall)
                return $"(ap ({key} {value}) %m)";
            var result = "r" + _results++;
            return $"(seq (call {Peer()} (\"svc\" \"id\") [{value}] {result}) (ap ({key} {result}) %m))";
        }

        // Appends k + 1 when the iterator's value is k (and the outer one's a); k, a ≤ 3 keep every value ≤ 4.
        private string Guarded(string iterator, string? outer, bool throughCall)
        {
            var k = random.Next(1, 4);
            if (outer is null)
                return $"(xor (match {ValueOf(iterator)} {k} {Append(k + 1, throughCall)}) (null))";
            var a = random.Next(1, 4);
            return $"(xor (match {ValueOf(outer)} {a} (match {ValueOf(iterator)} {k} {Append(Math.Max(a, k) + 1, throughCall)})) (null))";
        }

        private string Body(string iterator, string work) => random.Next(3) == 0 ? $"(par {work} (next {iterator}))" : $"(seq {work} (next {iterator}))";

        private string Last() => random.Next(3) == 0 ? " (null)" : "";
    }
}
