using System.Text;

namespace Fluence.Kernel.Plugins.Air.Tests.Syntax;

/// <summary>
/// Random AIR from the grammar of aquavm.md §1.2, valid by construction (variables are defined before use, every
/// <c>next</c> sits in its fold), with random spacing and comments; and a mutator that breaks it in small ways.
/// </summary>
internal sealed class RandomAirScripts(Random random)
{
    private readonly List<string> _scalars = [];
    private readonly List<string> _canons = [];
    private readonly List<string> _canonMaps = [];
    private readonly List<string> _streams = [];
    private readonly List<string> _maps = [];
    private readonly List<string> _iterators = [];
    private int _counter;

    public static string Valid(int seed, int maxDepth = 6) => new RandomAirScripts(new Random(seed)).Instruction(maxDepth);

    /// <summary>A valid script with one random edit: a character deleted, inserted or replaced.</summary>
    public static string Mutated(int seed)
    {
        var random = new Random(seed);
        var script = new StringBuilder(new RandomAirScripts(random).Instruction(4));
        const string alphabet = "()[]\" $#%.:!;\n1a-_x";
        var at = random.Next(script.Length);
        switch (random.Next(3))
        {
            case 0: script.Remove(at, 1); break;
            case 1: script.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
            default: script[at] = alphabet[random.Next(alphabet.Length)]; break;
        }
        return script.ToString();
    }

    private string Fresh(string prefix) => prefix + "v" + _counter++;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string Space() => random.Next(10) switch
    {
        0 => "  ",
        1 => "\n  ",
        2 => " ; note\n",
        _ => " ",
    };

    public string Instruction(int depth)
    {
        var choice = depth <= 0 ? random.Next(6) : random.Next(16);
        var s = Space();
        switch (choice)
        {
            case 0: return "(null)";
            case 1: return "(never)";
            case 2: return Call();
            case 3: return Ap();
            case 4: return Canon();
            case 5 when _iterators.Count > 0 && random.Next(2) == 0: return $"(next {Pick(_iterators)})";
            case 5: return $"(fail{s}{random.Next(1, 100)}{s}\"boom\")";
            case 6: return $"(seq{s}{Instruction(depth - 1)}{s}{Instruction(depth - 1)})";
            case 7: return $"(par{s}{Instruction(depth - 1)}{s}{Instruction(depth - 1)})";
            case 8: return $"(xor{s}{Instruction(depth - 1)}{s}{Instruction(depth - 1)})";
            case 9: return Fold(depth);
            case 10:
                {
                    var (name, list) = random.Next(4) switch
                    {
                        0 => (Fresh("$"), _streams),
                        1 => (Fresh("%"), _maps),
                        2 => (Fresh("#"), _canons),
                        _ => (Fresh(""), _scalars),
                    };
                    list.Add(name);
                    return $"(new{s}{name}{s}{Instruction(depth - 1)})";
                }
            case 11: return $"(match{s}{Value()}{s}{Value()}{s}{Instruction(depth - 1)})";
            case 12: return $"(mismatch{s}{Value()}{s}{Value()}{s}{Instruction(depth - 1)})";
            case 13 when _scalars.Count > 0: return $"(fail{s}{Pick(_scalars)})";
            case 13: return random.Next(2) == 0 ? "(fail %last_error%)" : "(fail :error:)";
            default: return $"(seq{s}{Call()}{s}{Instruction(depth - 1)})";
        }
    }

    private string Call()
    {
        var peer = Triplet(peer: true);
        var service = Triplet(peer: false);
        var function = Triplet(peer: false);
        var args = string.Join(' ', Enumerable.Range(0, random.Next(4)).Select(_ => Value()));
        var output = random.Next(3) switch
        {
            0 => "",
            1 => " " + Define(_scalars, ""),
            _ => " " + Define(_streams, "$"),
        };
        return $"(call {peer} ({service} {function}) [{args}]{output})";
    }

    private string Define(List<string> list, string prefix)
    {
        if (list.Count > 0 && random.Next(3) == 0)
            return Pick(list);
        var name = Fresh(prefix);
        list.Add(name);
        return name;
    }

    private string Ap()
    {
        if (random.Next(3) == 0)
        {
            var value = ApArgument();
            var key = random.Next(3) switch
            {
                0 => "\"key\"",
                1 => random.Next(-5, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => _scalars.Count > 0 ? Pick(_scalars) : "\"k\"",
            };
            return $"(ap ({key} {value}) {Define(_maps, "%")})";
        }
        var argument = ApArgument();
        return $"(ap {argument} {(random.Next(2) == 0 ? Define(_scalars, "") : Define(_streams, "$"))})";
    }

    private string Canon()
    {
        var peer = Triplet(peer: true);
        if (random.Next(2) == 0 || _maps.Count == 0)
        {
            var stream = _streams.Count > 0 ? Pick(_streams) : Fresh("$");
            return $"(canon {peer} {stream} {Define(_canons, "#")})";
        }
        return random.Next(2) == 0
            ? $"(canon {peer} {Pick(_maps)} {Define(_canonMaps, "#%")})"
            : $"(canon {peer} {Pick(_maps)} {Define(_scalars, "")})";
    }

    private string Fold(int depth)
    {
        var iterable = random.Next(6) switch
        {
            0 when _streams.Count > 0 => Pick(_streams),
            1 when _maps.Count > 0 => Pick(_maps),
            2 when _canons.Count > 0 => Pick(_canons),
            3 when _canonMaps.Count > 0 => Pick(_canonMaps),
            4 when _scalars.Count > 0 => Pick(_scalars) + Lambda(),
            _ => "[]",
        };
        var iterator = Fresh("i");
        // In a stream fold nothing may follow next, so only the trailing (seq body (next i)) form uses it.
        var overStream = iterable.StartsWith('$') || iterable.StartsWith('%');
        if (!overStream)
            _iterators.Add(iterator);
        _scalars.Add(iterator);
        var body = random.Next(2) == 0 ? $"(seq {Instruction(depth - 1)} (next {iterator}))" : Instruction(depth - 1);
        _iterators.Remove(iterator);
        var last = random.Next(2) == 0 ? " " + Instruction(depth - 1) : "";
        return $"(fold {iterable} {iterator} {RemoveExtraNext(body, iterator)}{last})";
    }

    // The generator may put several (next i) into one fold body; AquaVM allows one.
    private static string RemoveExtraNext(string body, string iterator)
    {
        var marker = $"(next {iterator})";
        var first = body.IndexOf(marker, StringComparison.Ordinal);
        if (first < 0)
            return body;
        var rest = body[(first + marker.Length)..].Replace(marker, "(null)", StringComparison.Ordinal);
        return body[..(first + marker.Length)] + rest;
    }

    private string Lambda() => random.Next(4) switch
    {
        0 => "",
        1 => ".length",
        2 => ".$.[" + random.Next(5) + "]",
        _ => ".$.field" + (random.Next(2) == 0 ? ".[0]!" : "!"),
    };

    private string Triplet(bool peer) => random.Next(5) switch
    {
        0 when peer => "%init_peer_id%",
        1 when _scalars.Count > 0 => Pick(_scalars) + (random.Next(2) == 0 ? "" : ".$.p"),
        2 when _canons.Count > 0 => Pick(_canons) + ".$.[0]",
        _ => "\"peer\"",
    };

    private string Value() => random.Next(13) switch
    {
        0 => "%init_peer_id%",
        1 => "%timestamp%",
        2 => "%ttl%",
        3 => random.Next(2) == 0 ? "%last_error%" : "%last_error%.$.message",
        4 => random.Next(2) == 0 ? ":error:" : ":error:.$.error_code",
        5 => "\"text\"",
        6 => random.Next(-100, 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
        7 => "1.25",
        8 => random.Next(2) == 0 ? "true" : "false",
        9 => "[]",
        10 when _scalars.Count > 0 => Pick(_scalars) + Lambda(),
        11 when _canons.Count > 0 => Pick(_canons) + (random.Next(2) == 0 ? "" : ".length"),
        12 when _canonMaps.Count > 0 => Pick(_canonMaps) + (random.Next(2) == 0 ? "" : ".$.key"),
        _ => "\"fallback\"",
    };

    private string ApArgument()
    {
        var value = Value();
        return _canonMaps.Contains(value) ? value + ".length" : value;
    }
}
