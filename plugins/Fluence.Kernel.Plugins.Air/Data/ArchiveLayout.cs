namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>Sizes and offsets of AquaVM 0.62's rkyv 0.7 archive (features size_32, archive_be, strict; aquavm.md §3.2).</summary>
internal static class ArchiveLayout
{
    public const int RootSize = 60;
    public const int StateSize = 24;
    public const int LoreSize = 12;
    public const int SubTraceSize = 8;
    public const int EntrySize = 12;
    public const int SignatureEntrySize = 16;
    public const int RawValueSize = 8;
    public const int TetrapletSize = 32;
    public const int CanonElementSize = 28;
    public const int CanonResultSize = 16;
    public const int ServiceResultSize = 24;
    public const int StringSize = 8;
    public const int RcStrSize = 8;
    public const int InlineStringCapacity = 7;

    // ExecutedState tags.
    public const byte Par = 0, Call = 1, Fold = 2, Ap = 3, Canon = 4;

    // CallResult tags.
    public const byte RequestSentBy = 0, Executed = 1, Failed = 2;
}
