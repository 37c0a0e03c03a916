using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Random scenarios of <c>new</c> scopes over a scalar (<c>x</c>), a canon stream (<c>#c</c>) or a canon map
/// (<c>#%c</c>) inside folds — the part of the semantics where what a name means depends on which scope's text holds
/// the instruction, which scopes are running and which fold frames a running <c>next</c> hides. A fold (over an array,
/// a stream, a canon, a stream map or a canon map) has a body of reads, writes (ap, call result, canon), <c>new</c>
/// scopes and an inner fold, joined by <c>seq</c>, <c>par</c> and <c>xor</c>, with its <c>next</c> placed inside or
/// outside a <c>new</c>; the name may be set before the fold (once: a second set there is 20007), read after it, and the
/// whole fold may run inside a <c>new</c>. Calls go to four peers. Every read goes to <c>$out</c> (an error to
/// <c>"e"</c> under <c>xor</c>), which the client returns made canon.
/// </summary>
internal static class NewScopeScenarios
{
    private static readonly string[] Peers = ["%init_peer_id%", "\"{{A}}\"", "\"{{B}}\"", "\"{{C}}\""];

    private static readonly string[] Iterables = ["arr", "$it", "#it", "%it", "#%it"];

    public static JsonObject Scenario(int seed) => new Generator(new Random(seed)).Scenario();

    private sealed class Generator(Random random)
    {
        // 0: the scalar x, 1: the canon stream #c, 2: the canon map #%c.
        private readonly int _kind = random.Next(3);
        private int _literals;

        private string Name => _kind switch { 0 => "x", 1 => "#c", _ => "#%c" };

        public JsonObject Scenario()
        {
            var setup = "(seq (seq (call %init_peer_id% (\"svc\" \"arr\") [] arr) (seq (ap 1 $it) (seq (ap 2 $it) (ap 3 $it))))"
                + " (seq (seq (canon %init_peer_id% $it #it) (seq (ap (\"a\" 1) %it) (seq (ap (\"b\" 2) %it) (ap (\"c\" 3) %it))))"
                + " (canon %init_peer_id% %it #%it)))";
            var main = Fold("i", 0);
            if (random.Next(3) == 0)
                main = $"(new {Name} {main})";
            if (random.Next(2) == 0)
                main = $"(seq {main} {Read()})";
            if (random.Next(6) == 0)
                main = $"(seq {main} {Write(Literal())})";
            if (random.Next(4) != 0)
                main = $"(seq {Write(Literal())} {main})";
            if (random.Next(4) == 0)
                main = $"(par {main} (null))";
            return new JsonObject
            {
                ["air"] = $"(seq (seq {setup} {main}) (seq (canon %init_peer_id% $out #out) (call %init_peer_id% (\"return\" \"\") [#out])))",
                ["peers"] = new JsonArray("client", "A", "B", "C"),
                ["services"] = new JsonObject { ["svc.arr"] = new JsonObject { ["result"] = new JsonArray(1, 2, 3) }, ["svc.id"] = "identity" },
                ["splitCallResults"] = random.Next(3) == 0,
            };
        }

        private string Fold(string iterator, int level)
        {
            var iterable = Iterables[random.Next(Iterables.Length)];
            var value = iterable.Contains('%', StringComparison.Ordinal) ? $"{iterator}.$.value" : iterator;
            var items = new List<string>();
            var count = random.Next(1, 4);
            for (var n = 0; n < count; n++)
                items.Add(Item(value, level));
            // next once: at the body's level, or inside one of its new scopes (the case where text and running scope
            // part); after every write (AIR refuses a fold that sets a variable after its next).
            var next = $"(next {iterator})";
            var lastWrite = items.FindLastIndex(Writes);
            var scopes = Enumerable.Range(Math.Max(lastWrite, 0), items.Count - Math.Max(lastWrite, 0))
                .Where(n => items[n].StartsWith("(new ", StringComparison.Ordinal)).ToList();
            if (scopes.Count > 0 && random.Next(3) != 0)
            {
                var index = scopes[random.Next(scopes.Count)];
                // A new's body is its last s-expression: join next to it.
                var body = items[index][("(new ".Length + Name.Length + 1)..^1];
                items[index] = $"(new {Name} {Join(Writes(body) || random.Next(2) == 0 ? [body, next] : [next, body])})";
                // What follows the new must not write either.
                items.RemoveRange(index + 1, items.Count - index - 1);
            }
            else
            {
                items.Insert(random.Next(lastWrite + 1, items.Count + 1), next);
            }
            var last = random.Next(4) switch { 0 => " (null)", 1 => $" {Read()}", _ => "" };
            return $"(fold {iterable} {iterator} {Join(items)}{last})";
        }

        private string Item(string value, int level)
        {
            switch (random.Next(level == 0 ? 5 : 4))
            {
                case 0: return Read();
                case 1: return Write(random.Next(3) == 0 ? Literal() : value);
                case 2:
                case 3:
                    var inner = new List<string>();
                    var count = random.Next(1, 3);
                    for (var n = 0; n < count; n++)
                        inner.Add(random.Next(2) == 0 ? Read() : Write(random.Next(3) == 0 ? Literal() : value));
                    return $"(new {Name} {Join(inner)})";
                default:
                    return Fold("j", level + 1);
            }
        }

        private bool Writes(string item) => item.Contains($" {Name})", StringComparison.Ordinal);

        private string Join(IReadOnlyList<string> items)
        {
            var joined = items[^1];
            for (var n = items.Count - 2; n >= 0; n--)
            {
                joined = random.Next(8) switch
                {
                    < 5 => $"(seq {items[n]} {joined})",
                    < 7 => $"(par {items[n]} {joined})",
                    _ => $"(xor {items[n]} {joined})",
                };
            }
            return joined;
        }

        private string Peer() => Peers[random.Next(Peers.Length)];

        private string Literal() => (100 + _literals++).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A read of the name into $out; under xor an error (20012: cleared by new and not set) writes "e" instead.
        private string Read()
        {
            var read = random.Next(2) == 0 && _kind != 2 ? $"(ap {Name} $out)" : $"(call {Peer()} (\"svc\" \"id\") [{Name}] $out)";
            return random.Next(2) == 0 ? $"(xor {read} (ap \"e\" $out))" : read;
        }

        private string Write(string value) => _kind switch
        {
            0 => random.Next(2) == 0 ? $"(ap {value} x)" : $"(call {Peer()} (\"svc\" \"id\") [{value}] x)",
            1 => $"(seq (ap {value} $w) (canon {Peer()} $w #c))",
            _ => $"(seq (ap (\"k\" {value}) %w) (canon {Peer()} %w #%c))",
        };
    }
}
