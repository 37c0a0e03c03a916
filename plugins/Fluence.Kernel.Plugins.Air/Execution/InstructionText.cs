using System.Text;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>An instruction as AquaVM prints it in error objects: its head without parentheses (<c>match 1 2</c>).</summary>
internal static class InstructionText
{
    public static string Of(AirInstruction instruction) => instruction switch
    {
        CallInstruction c => Call(c),
        ApInstruction a => $"ap {AirPrinter.Print(a.Argument)} {AirPrinter.Print(a.Result)}",
        ApMapInstruction m => $"ap ({AirPrinter.Print(m.Key)} {AirPrinter.Print(m.Value)}) {m.Map.Name}",
        CanonInstruction c => $"canon {AirPrinter.Print(c.PeerId)} {c.Stream.Name} {c.Canon.Name}",
        CanonMapInstruction c => $"canon {AirPrinter.Print(c.PeerId)} {c.Map.Name} {c.Canon.Name}",
        CanonMapToScalarInstruction c => $"canon {AirPrinter.Print(c.PeerId)} {c.Map.Name} {c.Scalar.Name}",
        MatchInstruction m => $"match {AirPrinter.Print(m.Left)} {AirPrinter.Print(m.Right)}",
        MismatchInstruction m => $"mismatch {AirPrinter.Print(m.Left)} {AirPrinter.Print(m.Right)}",
        FailInstruction { Value: { } v } => $"fail {AirPrinter.Print(v)}",
        FailInstruction f => $"fail {f.Code} \"{f.Message}\"",
        FoldInstruction f => $"fold {AirPrinter.Print(f.Iterable)} {f.Iterator.Name}",
        NextInstruction n => $"next {n.Iterator.Name}",
        NewInstruction n => $"new {n.Variable.Name}",
        SeqInstruction => "seq",
        ParInstruction => "par",
        XorInstruction => "xor",
        NeverInstruction => "never",
        _ => "null",
    };

    private static string Call(CallInstruction c)
    {
        var text = new StringBuilder("call ").Append(AirPrinter.Print(c.PeerId)).Append(" (").Append(AirPrinter.Print(c.ServiceId))
            .Append(' ').Append(AirPrinter.Print(c.FunctionName)).Append(") [");
        for (var i = 0; i < c.Arguments.Count; i++)
        {
            if (i > 0)
                text.Append(' ');
            text.Append(AirPrinter.Print(c.Arguments[i]));
        }
        // AquaVM prints the output after a space even when there is none: "call p ("s" "f") [] ".
        text.Append("] ");
        if (c.Output is not null)
            text.Append(AirPrinter.Print(c.Output));
        return text.ToString();
    }
}
