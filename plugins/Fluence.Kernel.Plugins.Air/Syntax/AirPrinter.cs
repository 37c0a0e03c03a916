using System.Globalization;
using System.Text;

namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>
/// Prints an AST back as canonical AIR, one instruction per line, children indented by two spaces. The output parses
/// to the same tree (spans aside). <see cref="Describe"/> is what <c>fluence air parse FILE</c> prints.
/// </summary>
public static class AirPrinter
{
    public static string Print(AirInstruction instruction)
    {
        var builder = new StringBuilder();
        Write(builder, instruction, 0);
        return builder.ToString();
    }

    /// <summary>The AST of <paramref name="script"/>, or its positioned parse errors (one per line).</summary>
    public static string Describe(string script, out bool parsed)
    {
        parsed = AirParser.TryParse(script, out var instruction, out var error);
        return parsed ? Print(instruction!) : error!.Message;
    }

    public static string Print(AirValue value) => value switch
    {
        InitPeerIdValue => "%init_peer_id%",
        TimestampValue => "%timestamp%",
        TtlValue => "%ttl%",
        LastErrorValue e => "%last_error%" + e.Lambda?.Text,
        ErrorValue e => ":error:" + e.Lambda?.Text,
        LiteralValue l => "\"" + l.Text + "\"",
        IntValue i => i.Value.ToString(CultureInfo.InvariantCulture),
        FloatValue f => PrintFloat(f.Value),
        BoolValue b => b.Value ? "true" : "false",
        EmptyArrayValue => "[]",
        ScalarVariable s => s.Name + s.Lambda?.Text,
        CanonStreamVariable c => c.Name + c.Lambda?.Text,
        CanonStreamMapVariable m => m.Name + m.Lambda?.Text,
        AirVariable v => v.Name,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name),
    };

    private static string PrintFloat(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') ? text : text + ".0";
    }

    private static void Write(StringBuilder builder, AirInstruction instruction, int indent)
    {
        builder.Append(' ', indent);
        switch (instruction)
        {
            case SeqInstruction s: Children(builder, "seq", indent, s.Left, s.Right); return;
            case ParInstruction p: Children(builder, "par", indent, p.Left, p.Right); return;
            case XorInstruction x: Children(builder, "xor", indent, x.Left, x.Right); return;
            case CallInstruction c:
                builder.Append("(call ").Append(Print(c.PeerId)).Append(" (").Append(Print(c.ServiceId)).Append(' ')
                    .Append(Print(c.FunctionName)).Append(") [").AppendJoin(' ', c.Arguments.Select(Print)).Append(']');
                if (c.Output is not null)
                    builder.Append(' ').Append(Print(c.Output));
                builder.Append(')');
                return;
            case ApInstruction a: builder.Append("(ap ").Append(Print(a.Argument)).Append(' ').Append(Print(a.Result)).Append(')'); return;
            case ApMapInstruction m:
                builder.Append("(ap (").Append(Print(m.Key)).Append(' ').Append(Print(m.Value)).Append(") ").Append(m.Map.Name).Append(')');
                return;
            case CanonInstruction c: Canon(builder, c.PeerId, c.Stream, c.Canon); return;
            case CanonMapInstruction c: Canon(builder, c.PeerId, c.Map, c.Canon); return;
            case CanonMapToScalarInstruction c: Canon(builder, c.PeerId, c.Map, c.Scalar); return;
            case FoldInstruction f:
                builder.Append("(fold ").Append(Print(f.Iterable)).Append(' ').Append(f.Iterator.Name).Append('\n');
                Write(builder, f.Body, indent + 2);
                if (f.Last is not null)
                {
                    builder.Append('\n');
                    Write(builder, f.Last, indent + 2);
                }
                builder.Append(')');
                return;
            case NextInstruction n: builder.Append("(next ").Append(n.Iterator.Name).Append(')'); return;
            case NewInstruction n:
                builder.Append("(new ").Append(n.Variable.Name).Append('\n');
                Write(builder, n.Body, indent + 2);
                builder.Append(')');
                return;
            case MatchInstruction m: Match(builder, "match", m.Left, m.Right, m.Body, indent); return;
            case MismatchInstruction m: Match(builder, "mismatch", m.Left, m.Right, m.Body, indent); return;
            case FailInstruction { Value: { } value }: builder.Append("(fail ").Append(Print(value)).Append(')'); return;
            case FailInstruction f:
                builder.Append("(fail ").Append(f.Code!.Value.ToString(CultureInfo.InvariantCulture)).Append(" \"").Append(f.Message).Append("\")");
                return;
            case NeverInstruction: builder.Append("(never)"); return;
            case NullInstruction: builder.Append("(null)"); return;
            default: throw new ArgumentOutOfRangeException(nameof(instruction), instruction.GetType().Name);
        }
    }

    private static void Children(StringBuilder builder, string keyword, int indent, AirInstruction left, AirInstruction right)
    {
        builder.Append('(').Append(keyword).Append('\n');
        Write(builder, left, indent + 2);
        builder.Append('\n');
        Write(builder, right, indent + 2);
        builder.Append(')');
    }

    private static void Canon(StringBuilder builder, AirValue peer, AirVariable source, AirVariable target) =>
        builder.Append("(canon ").Append(Print(peer)).Append(' ').Append(source.Name).Append(' ').Append(target.Name).Append(')');

    private static void Match(StringBuilder builder, string keyword, AirValue left, AirValue right, AirInstruction body, int indent)
    {
        builder.Append('(').Append(keyword).Append(' ').Append(Print(left)).Append(' ').Append(Print(right)).Append('\n');
        Write(builder, body, indent + 2);
        builder.Append(')');
    }
}
