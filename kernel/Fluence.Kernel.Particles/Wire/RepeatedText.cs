using System.Collections.Concurrent;
using System.Text;

namespace Fluence.Kernel.Particles.Wire;

/// <summary>
/// One string per distinct UTF-8 text for the particle fields a peer receives again and again: the scripts (an Aqua
/// function sends the same script on every call; spells rerun theirs) and the init peer ids of its clients. A hit
/// costs a hash and a byte comparison instead of a transcoding and a new string kept by the particle's actor until it is
/// reaped. Keyed by the full bytes, so a hit is always the same text. Bounded: texts above
/// <see cref="MaxBytes"/> are not kept, and the table is emptied when it holds <see cref="Capacity"/> texts.
/// </summary>
internal static class RepeatedText
{
    public const int Capacity = 256;
    public const int MaxBytes = 16 * 1024;

    private static readonly ConcurrentDictionary<byte[], string> Texts = new(Utf8Comparer.Instance);
    private static readonly ConcurrentDictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> ByBytes =
        Texts.GetAlternateLookup<ReadOnlySpan<byte>>();
    // ConcurrentDictionary.Count takes every bucket lock: an approximate count is enough to bound the table.
    private static int _count;

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
            return Encoding.UTF8.GetString(utf8);
        if (ByBytes.TryGetValue(utf8, out var known))
            return known;
        var text = Encoding.UTF8.GetString(utf8);
        if (Volatile.Read(ref _count) >= Capacity)
        {
            Texts.Clear();
            Volatile.Write(ref _count, 0);
        }
        if (Texts.TryAdd(utf8.ToArray(), text))
            Interlocked.Increment(ref _count);
        return text;
    }

    private sealed class Utf8Comparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static Utf8Comparer Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
