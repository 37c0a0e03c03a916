using System.Globalization;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Random executable scenarios from the AIR grammar: four peers (client, A, B, C), calls to a fixed service table that
/// answers values, arrays, objects, failures, changing sequences and invalid JSON; seq/par/xor, folds over arrays,
/// streams, canon streams and maps (with and without last instruction, nested over the same iterable, next in odd
/// places), folds over stream maps, folds writing to the stream or map they go over, new (fresh or shadowing a name in
/// use), ap to scalars/streams/maps (keys from literals or scalars), canon (also of a stream or a map written in par branches on two peers), match/mismatch (also
/// on what a failed call left), fail forms (also of a stored error object), never, null, %last_error% and :error:
/// (also read in an xor's right side), lambdas (also folded over, and on canon maps), match/mismatch on canons and
/// errors, xor whose right side is a par of waiting calls, calls whose peer or service comes from a variable or a
/// value (a canon's element, a lambda into a call result); a third of the
/// scenarios feed each call result in its own invocation. Variables are defined before use in the text; at the end
/// the client captures every scalar and canon defined at the top level.
/// </summary>
internal sealed class RandomScenarios
{
    private static readonly string[] Peers = ["%init_peer_id%", "\"{{A}}\"", "\"{{B}}\"", "\"{{client}}\"", "\"{{C}}\""];
    private static readonly string[] Functions = ["id", "echo", "concat", "noop", "fail", "num", "arr", "obj", "seq", "bad", "missing", "long"];

    public static readonly JsonObject Services = new()
    {
        ["svc.id"] = "identity",
        ["svc.echo"] = "echo",
        ["svc.concat"] = "concat",
        ["svc.noop"] = "noop",
        ["svc.fail"] = new JsonObject { ["fail"] = "nope" },
        ["svc.num"] = new JsonObject { ["result"] = 42 },
        ["svc.arr"] = new JsonObject { ["result"] = new JsonArray(1, "two", 3.5) },
        ["svc.obj"] = new JsonObject { ["result"] = new JsonObject { ["p"] = "x", ["field"] = new JsonArray(7, 8) } },
        ["svc.seq"] = new JsonObject { ["sequence"] = new JsonArray(new JsonObject { ["result"] = 1 }, new JsonObject { ["fail"] = "second" }, new JsonObject { ["result"] = new JsonArray(3) }) },
        ["svc.bad"] = new JsonObject { ["raw"] = "{not json" },
        ["svc.long"] = new JsonObject
        {
            ["sequence"] = new JsonArray(
                new JsonObject { ["result"] = 1 }, new JsonObject { ["result"] = "two" }, new JsonObject { ["fail"] = "third" },
                new JsonObject { ["result"] = new JsonArray(4, 4) }, new JsonObject { ["raw"] = "[5" }, new JsonObject { ["result"] = new JsonObject { ["p"] = 6 } },
                new JsonObject { ["result"] = 7, ["ret_code"] = 3 }, new JsonObject { ["result"] = 8 }),
        },
        ["@A svc.num"] = new JsonObject { ["result"] = -7 },
    };

    private readonly Random _random;
    private readonly List<string> _scalars = [];
    private readonly List<string> _canons = [];
    private readonly List<string> _canonMaps = [];
    private readonly List<string> _streams = [];
    private readonly List<string> _maps = [];
    private readonly List<string> _iterators = [];
    // Scalars holding a peer id or a service name (calls take their peer or service from them).
    private readonly List<string> _peerScalars = [];
    private readonly List<string> _serviceScalars = [];
    // The iterables of the folds around (a nested fold may go over the same one).
    private readonly List<string> _foldIterables = [];
    private int _counter;

    private RandomScenarios(Random random) => _random = random;

    /// <param name="depth">How deep instructions nest (the suite uses 4; deeper bodies search further).</param>
    public static JsonObject Scenario(int seed, int depth = 4)
    {
        var generator = new RandomScenarios(new Random(seed));
        var body = generator.Instruction(depth);
        var captured = generator._scalars.Where(s => !s.StartsWith('i')).Concat(generator._canons).Take(6).ToList();
        var air = $"(seq {body} (call %init_peer_id% (\"return\" \"\") [{string.Join(' ', captured)}]))";
        var scenario = new JsonObject
        {
            ["air"] = air,
            ["peers"] = new JsonArray("client", "A", "B", "C"),
            ["services"] = Services.DeepClone(),
        };
        if (generator._random.Next(3) == 0)
            scenario["splitCallResults"] = true;
        return scenario;
    }

    private string Fresh(string prefix) => prefix + "v" + _counter++.ToString(CultureInfo.InvariantCulture);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Instruction(int depth)
    {
        switch (depth <= 0 ? _random.Next(5) : _random.Next(31))
        {
            case 0: return Call();
            case 1: return Ap();
            case 2: return Canon();
            case 3: return _random.Next(4) == 0 ? "(never)" : "(null)";
            case 4 when _iterators.Count > 0: return $"(next {Pick(_iterators)})";
            case 4: return Fail();
            case 5 or 6: return $"(seq {Instruction(depth - 1)} {Instruction(depth - 1)})";
            case 7: return $"(par {Instruction(depth - 1)} {Instruction(depth - 1)})";
            case 8 or 9: return $"(xor {Instruction(depth - 1)} {Instruction(depth - 1)})";
            case 10 or 11: return Fold(depth);
            case 12:
            {
                var (name, list) = _random.Next(3) switch
                {
                    0 => (Fresh("$"), _streams),
                    1 => (Fresh("%"), _maps),
                    _ => (Fresh("#"), _canons),
                };
                list.Add(name);
                var inner = Instruction(depth - 1);
                list.Remove(name);
                return $"(new {name} {inner})";
            }
            case 18: return Shadowing(depth);
            case 19: return ParallelWrites();
            case 20: return DefinePeerOrService();
            case 21: return Fold(depth);
            case 22: return ParallelMapWrites();
            case 23: return ErrorsReadWhenCaught(depth);
            case 24: return MatchAfterFailedCall(depth);
            case 25: return $"(par {Instruction(depth - 1)} (never))";
            case 26: return XorWithParallelRight(depth);
            case 27: return MatchOnCanonsAndErrors(depth);
            case 28: return CanonOnTwoPeers();
            case 29: return FoldOverLambda(depth);
            case 30: return CallToPeerFromValue();
            case 13: return $"(match {Value()} {Value()} {Instruction(depth - 1)})";
            case 14: return $"(mismatch {Value()} {Value()} {Instruction(depth - 1)})";
            case 15: return Fail();
            default: return $"(seq {Call()} {Instruction(depth - 1)})";
        }
    }

    private string Fail() => _random.Next(5) switch
    {
        0 => $"(fail {_random.Next(1, 100)} \"boom\")",
        1 => "(fail %last_error%)",
        2 => "(fail :error:)",
        3 => FailStoredError(),
        _ => _scalars.Count > 0 ? $"(fail {Pick(_scalars)})" : "(fail 5 \"five\")",
    };

    /// <summary>An error object stored first, then failed with (the initial one, code 0, is no valid fail object).</summary>
    private string FailStoredError()
    {
        var error = Fresh("e");
        return $"(seq (ap {Pick(new[] { ":error:", "%last_error%" })} {error}) (fail {error}))";
    }

    private string Call()
    {
        var peer = _peerScalars.Count > 0 && _random.Next(3) == 0 ? Pick(_peerScalars) : Pick(Peers);
        var service = _serviceScalars.Count > 0 && _random.Next(3) == 0 ? Pick(_serviceScalars) : "\"svc\"";
        var function = Pick(Functions);
        var args = string.Join(' ', Enumerable.Range(0, _random.Next(3)).Select(_ => Value()));
        var output = _random.Next(3) switch
        {
            0 => "",
            1 => " " + Define(_scalars, ""),
            _ => " " + (_streams.Count > 0 && _random.Next(2) == 0 ? Pick(_streams) : Define(_streams, "$")),
        };
        return $"(call {peer} ({service} \"{function}\") [{args}]{output})";
    }

    private string Define(List<string> list, string prefix)
    {
        var name = Fresh(prefix);
        list.Add(name);
        return name;
    }

    private string Ap()
    {
        var argument = Value();
        return _random.Next(3) switch
        {
            0 => $"(ap ({MapKey()} {argument}) {(_maps.Count > 0 && _random.Next(2) == 0 ? Pick(_maps) : Define(_maps, "%"))})",
            1 => $"(ap {argument} {Define(_scalars, "")})",
            _ => $"(ap {argument} {(_streams.Count > 0 && _random.Next(2) == 0 ? Pick(_streams) : Define(_streams, "$"))})",
        };
    }

    // A literal key of either kind, or a scalar's value (an iterator, a service's answer: not every one is a valid key).
    private string MapKey() => _random.Next(3) switch
    {
        0 => "\"k\"",
        1 when _scalars.Count > 0 => Pick(_scalars) + Pick(["", "", ".$.p", ".$.[0]"]),
        _ => _random.Next(3).ToString(CultureInfo.InvariantCulture),
    };

    private string Canon()
    {
        var peer = _random.Next(3) == 0 ? Pick(Peers) : "%init_peer_id%";
        if (_maps.Count == 0 || _random.Next(2) == 0)
        {
            var stream = _streams.Count > 0 ? Pick(_streams) : Fresh("$");
            return $"(canon {peer} {stream} {Define(_canons, "#")})";
        }
        return _random.Next(2) == 0
            ? $"(canon {peer} {Pick(_maps)} {Define(_canonMaps, "#%")})"
            : $"(canon {peer} {Pick(_maps)} {Define(_scalars, "")})";
    }

    private string Fold(int depth)
    {
        // A fifth of the folds go over a stream map or canon map written just before (few are defined earlier).
        if (_random.Next(5) == 0)
        {
            var map = _maps.Count > 0 && _random.Next(2) == 0 ? Pick(_maps) : Define(_maps, "%");
            var write = $"(ap ({MapKey()} {Value()}) {map})";
            if (_random.Next(2) == 0)
                return $"(seq {write} {Fold(depth, map)})";
            var canonMap = Define(_canonMaps, "#%");
            return $"(seq (seq {write} (canon {(_random.Next(3) == 0 ? Pick(Peers) : "%init_peer_id%")} {map} {canonMap})) {Fold(depth, canonMap)})";
        }
        return Fold(depth, null);
    }

    private string Fold(int depth, string? over)
    {
        var iterable = over ?? _random.Next(6) switch
        {
            5 when _foldIterables.Count > 0 => Pick(_foldIterables),
            0 when _streams.Count > 0 => Pick(_streams),
            1 when _canons.Count > 0 => Pick(_canons),
            2 when _canonMaps.Count > 0 => Pick(_canonMaps),
            4 when _maps.Count > 0 => Pick(_maps),
            3 when _scalars.Count > 0 => Pick(_scalars),
            _ => "[]",
        };
        var iterator = Fresh("i");
        var overStream = iterable.StartsWith('$') || iterable.StartsWith('%');
        _scalars.Add(iterator);
        _foldIterables.Add(iterable);
        string body;
        if (_random.Next(4) == 0)
        {
            // next first or inside another instruction: before the work, in xor, par, match, mismatch or new.
            var next = $"(next {iterator})";
            var work = Instruction(depth - 1);
            body = _random.Next(6) switch
            {
                0 => $"(seq {next} {work})",
                1 => $"(par {next} {work})",
                2 => $"(xor {work} {next})",
                3 => $"(xor {next} {work})",
                4 => $"(seq {work} ({(_random.Next(2) == 0 ? "match" : "mismatch")} {Value()} {Value()} {next}))",
                _ => $"(seq {work} (new {Fresh(Pick(new[] { "$", "%", "#", "" }))} {next}))",
            };
        }
        else if (overStream || _random.Next(2) == 0)
        {
            // The usual shapes: (seq work (next i)) sequentially, (par work (next i)) in parallel.
            var shape = _random.Next(2) == 0 ? "seq" : "par";
            var work = Instruction(depth - 1);
            if (overStream && _random.Next(4) == 0)
                work = $"(seq {work} {SelfWrite(iterable, iterator)})";
            body = $"({shape} {work} (next {iterator}))";
        }
        else
        {
            _iterators.Add(iterator);
            body = Instruction(depth - 1);
            _iterators.Remove(iterator);
            body = OneNext(body, iterator);
        }
        _scalars.Remove(iterator);
        _foldIterables.RemoveAt(_foldIterables.Count - 1);
        var last = _random.Next(2) == 0 ? " " + _random.Next(5) switch { 0 or 1 => "(null)", 2 => "(never)", _ => Instruction(0) } : "";
        return $"(fold {iterable} {iterator} {body}{last})";
    }

    /// <summary>
    /// A write to the stream or map the fold goes over (an ap, or a call's result on some peer), sometimes canonicalized
    /// there, skipped for the values it writes: each value visited adds at most one, so the fold ends (an unguarded
    /// write in every iteration grows the stream to its size limit on both interpreters).
    /// </summary>
    private string SelfWrite(string iterable, string iterator)
    {
        const string mark = "\"w\"";
        var isMap = iterable.StartsWith('%');
        var result = Fresh("r");
        var write = _random.Next(3) switch
        {
            0 when isMap => $"(seq (call {Pick(Peers)} (\"svc\" \"id\") [{mark}] {result}) (ap ({mark} {result}) {iterable}))",
            0 => $"(call {Pick(Peers)} (\"svc\" \"id\") [{mark}] {iterable})",
            _ => isMap ? $"(ap ({mark} {Value()}) {iterable})" : $"(ap {mark} {iterable})",
        };
        if (_random.Next(3) == 0)
        {
            var peer = _random.Next(3) == 0 ? Pick(Peers) : "%init_peer_id%";
            write = $"(seq {write} (canon {peer} {iterable} {(isMap ? Define(_canonMaps, "#%") : Define(_canons, "#"))}))";
        }
        return $"(xor (match {iterator}{(isMap ? ".$.key" : "")} {mark} (null)) {write})";
    }

    /// <summary>new over a name in use (a stream, map or scalar): inside, the outer value is hidden.</summary>
    private string Shadowing(int depth)
    {
        var shadowable = _streams.Concat(_maps).Concat(_scalars.Where(s => !s.StartsWith('i'))).ToList();
        if (shadowable.Count == 0)
            return Instruction(depth - 1);
        var name = Pick(shadowable);
        var iterator = _scalars.LastOrDefault(s => s.StartsWith('i'));
        // Inside a fold, the fresh scalar may first take the iterator's value (a new scope over an iteration's binding).
        if (iterator is not null && !name.StartsWith('$') && !name.StartsWith('%') && _random.Next(2) == 0)
            return $"(new {name} (seq (ap {iterator}{Pick(["", ".$.p", ".$.[0]"])} {name}) {Instruction(depth - 1)}))";
        return $"(new {name} {Instruction(depth - 1)})";
    }

    /// <summary>A stream written in both branches of a par on two peers, then canonicalized (by the client or a peer).</summary>
    private string ParallelWrites()
    {
        var stream = Unfolded(_streams) is { Count: > 0 } streams && _random.Next(2) == 0 ? Pick(streams) : Define(_streams, "$");
        var left = $"(call {Pick(Peers)} (\"svc\" \"{Pick(Functions)}\") [{Value()}] {stream})";
        var right = $"(call {Pick(Peers)} (\"svc\" \"{Pick(Functions)}\") [] {stream})";
        var canon = $"(canon {(_random.Next(3) == 0 ? Pick(Peers) : "%init_peer_id%")} {stream} {Define(_canons, "#")})";
        return $"(seq (par {left} {right}) {canon})";
    }

    /// <summary>A map written in both branches of a par on two peers (ap after a call there), then canonicalized.</summary>
    private string ParallelMapWrites()
    {
        var map = Unfolded(_maps) is { Count: > 0 } maps && _random.Next(2) == 0 ? Pick(maps) : Define(_maps, "%");
        string Branch()
        {
            var result = Fresh("r");
            return $"(seq (call {Pick(Peers)} (\"svc\" \"{Pick(Functions)}\") [{Value()}] {result}) (ap ({Pick(new[] { "\"k\"", "1", result })} {result}) {map}))";
        }
        var left = Branch();
        var right = Branch();
        var canonPeer = _random.Next(3) == 0 ? Pick(Peers) : "%init_peer_id%";
        var canon = _random.Next(3) == 0
            ? $"(canon {canonPeer} {map} {Define(_scalars, "")})"
            : $"(canon {canonPeer} {map} {Define(_canonMaps, "#%")})";
        return $"(seq (par {left} {right}) {canon})";
    }

    // Streams or maps no fold around goes over: two peers writing to the one a fold visits feed it without end.
    private List<string> Unfolded(List<string> names) => names.Where(n => !_foldIterables.Contains(n)).ToList();

    /// <summary>An xor whose right side stores what :error: and %last_error% say there (nested, in a fold or par).</summary>
    private string ErrorsReadWhenCaught(int depth)
    {
        var left = Instruction(depth - 1);
        var read = $"(call {Pick(Peers)} (\"svc\" \"echo\") [:error: %last_error%.$.message] {Define(_scalars, "")})";
        var right = _random.Next(2) == 0 ? read : $"(seq {read} {Instruction(depth - 1)})";
        return $"(xor {left} {right})";
    }

    /// <summary>match or mismatch on what a call that may fail left: its output (unset when it failed) or the error caught.</summary>
    private string MatchAfterFailedCall(int depth)
    {
        var output = Fresh("");
        var error = Fresh("e");
        var call = $"(call {Pick(Peers)} (\"svc\" \"{Pick(new[] { "fail", "bad", "seq", "long", "num" })}\") [] {output})";
        var left = Pick(new[] { output, $"{error}.$.error_code", $"{error}.$.message", $"{error}.$.peer_id" });
        var right = Pick(new[] { "10000", Value(), $"{error}.$.error_code", "\"nope\"" });
        var body = Instruction(depth - 1);
        return $"(seq (xor {call} (ap :error: {error})) ({(_random.Next(2) == 0 ? "match" : "mismatch")} {left} {right} {body}))";
    }

    /// <summary>An xor whose right side is a par of calls that wait (on other peers, or for their results).</summary>
    private string XorWithParallelRight(int depth)
    {
        string Waiting() => _random.Next(3) == 0 ? $"(seq {Call()} {Instruction(depth - 2)})" : Call();
        // Generated in text order: a variable the right side defines is not used on the left.
        var left = Instruction(depth - 1);
        var right = $"(par {Waiting()} {Waiting()})";
        return _random.Next(3) == 0 ? $"(seq (xor {left} {right}) {Instruction(depth - 1)})" : $"(xor {left} {right})";
    }

    /// <summary>match or mismatch on whole canon streams and maps, their lambdas, and the error values.</summary>
    private string MatchOnCanonsAndErrors(int depth)
    {
        string Side() => _random.Next(6) switch
        {
            0 when _canons.Count > 0 => Pick(_canons) + Pick(["", "", ".$.[0]", ".$.[1].p", ".length"]),
            1 when _canonMaps.Count > 0 => Pick(_canonMaps) + Pick(["", ".$.k", ".$.k.[0]", ".$.[1]", ".length"]),
            2 => Pick(new[] { "%last_error%", "%last_error%.$.message", "%last_error%.$.peer_id", ":error:", ":error:.$.error_code" }),
            3 => Pick(new[] { "[]", "0", "\"\"", "\"nope\"", "10000" }),
            _ => Value(),
        };
        return $"({(_random.Next(2) == 0 ? "match" : "mismatch")} {Side()} {Side()} {Instruction(depth - 1)})";
    }

    /// <summary>The same stream canonicalized on two peers in par branches (each snapshot what that peer has seen).</summary>
    private string CanonOnTwoPeers()
    {
        var stream = Unfolded(_streams) is { Count: > 0 } streams && _random.Next(2) == 0 ? Pick(streams) : Define(_streams, "$");
        var write = _random.Next(2) == 0 ? $"(ap {Value()} {stream})" : $"(call {Pick(Peers)} (\"svc\" \"{Pick(Functions)}\") [{Value()}] {stream})";
        var left = $"(canon {Pick(Peers)} {stream} {Define(_canons, "#")})";
        var right = $"(canon {Pick(Peers)} {stream} {Define(_canons, "#")})";
        return $"(seq {write} (par {left} {right}))";
    }

    /// <summary>A fold over a lambda into a call result, a scalar or a canon map's key (<c>a.$.field</c>, <c>#%m.$.k</c>).</summary>
    private string FoldOverLambda(int depth)
    {
        string iterable;
        string before;
        if (_canonMaps.Count > 0 && _random.Next(3) == 0)
        {
            (before, iterable) = ("(null)", Pick(_canonMaps) + Pick([".$.k", ".$.[1]", ".$.[0]"]));
        }
        else if (_scalars.Count > 0 && _random.Next(3) == 0)
        {
            (before, iterable) = ("(null)", Pick(_scalars) + Pick([".$.field", ".$.[0]", ".$.p"]));
        }
        else
        {
            var result = Define(_scalars, "");
            before = $"(call {Pick(Peers)} (\"svc\" \"{Pick(new[] { "obj", "arr", "long", "seq", "echo" })}\") [{Value()}] {result})";
            iterable = result + Pick([".$.field", ".$.[0]", ".$.p", ".$.field.[1]"]);
        }
        return $"(seq {before} {Fold(depth, iterable)})";
    }

    /// <summary>A call whose peer is a value: a canon's element, a canon map's value, a lambda into a call result.</summary>
    private string CallToPeerFromValue()
    {
        var peer = Pick(new[] { "\"{{A}}\"", "\"{{B}}\"", "\"{{C}}\"", "%init_peer_id%" });
        var call = (string target) => $"(call {target} (\"svc\" \"{Pick(Functions)}\") [{Value()}]{(_random.Next(2) == 0 ? " " + Define(_scalars, "") : "")})";
        switch (_random.Next(3))
        {
            case 0:
            {
                var stream = Define(_streams, "$");
                var canon = Define(_canons, "#");
                return $"(seq (seq (call {Pick(Peers)} (\"svc\" \"id\") [{peer}] {stream}) (canon {Pick(Peers)} {stream} {canon})) {call(canon + ".$.[0]")})";
            }
            case 1:
            {
                var map = Define(_maps, "%");
                var canonMap = Define(_canonMaps, "#%");
                return $"(seq (seq (ap (\"k\" {peer}) {map}) (canon %init_peer_id% {map} {canonMap})) {call(canonMap + ".$.k.[0]")})";
            }
            default:
            {
                var result = Define(_scalars, "");
                return $"(seq (call {Pick(Peers)} (\"svc\" \"id\") [{peer}] {result}) {call(result + Pick(["", ".$.[0]"]))})";
            }
        }
    }

    /// <summary>A scalar holding a peer id (a literal or a service's answer) or a service name, for later calls.</summary>
    private string DefinePeerOrService()
    {
        var peer = Pick(new[] { "\"{{A}}\"", "\"{{B}}\"", "\"{{C}}\"", "%init_peer_id%" });
        return _random.Next(3) switch
        {
            0 => $"(ap {peer} {Define(_peerScalars, "p")})",
            1 => $"(call {Pick(Peers)} (\"svc\" \"id\") [{peer}] {Define(_peerScalars, "p")})",
            _ => $"(ap \"svc\" {Define(_serviceScalars, "s")})",
        };
    }

    private static string OneNext(string body, string iterator)
    {
        var marker = $"(next {iterator})";
        var first = body.IndexOf(marker, StringComparison.Ordinal);
        return first < 0 ? body : body[..(first + marker.Length)] + body[(first + marker.Length)..].Replace(marker, "(null)", StringComparison.Ordinal);
    }

    private string Value() => _random.Next(14) switch
    {
        0 => "%init_peer_id%",
        1 => "%timestamp%",
        2 => "%ttl%",
        3 => _random.Next(2) == 0 ? "%last_error%" : "%last_error%.$.error_code",
        4 => _random.Next(2) == 0 ? ":error:" : ":error:.$.message",
        5 => "\"text\"",
        6 => _random.Next(-3, 4).ToString(CultureInfo.InvariantCulture),
        7 => "1.25",
        8 => _random.Next(2) == 0 ? "true" : "false",
        9 => "[]",
        10 or 11 when _scalars.Count > 0 => Pick(_scalars) + Pick(["", "", ".$.p", ".$.field.[1]", ".$.[0]", ".length"]),
        12 when _canons.Count > 0 => Pick(_canons) + Pick(["", ".length", ".$.[0]"]),
        13 when _canonMaps.Count > 0 => Pick(_canonMaps) + Pick([".$.k", ".length", ".$.[1]"]),
        _ => "\"lit\"",
    };
}
