namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>A range of the script text in UTF-16 code units, <c>[Start, End)</c>. For ASCII scripts these equal AquaVM's byte offsets.</summary>
public readonly record struct SourceSpan(int Start, int End)
{
    public int Length => End - Start;

    public override string ToString() => $"{Start}..{End}";
}
