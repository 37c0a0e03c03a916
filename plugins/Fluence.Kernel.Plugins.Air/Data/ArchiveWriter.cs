using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Writes the inner rkyv archive exactly as rkyv 0.7 serialises AquaVM's data: depth-first, every structure's
/// out-of-line parts (field order) before the structure, the 60-byte root last; 4-byte alignment for structures, none
/// for raw bytes; each shared object (<see cref="CidRef"/>, <see cref="PeerRef"/>, store values) written once.
/// Writes into a pooled buffer: the out-of-line parts of a list's items go first, their positions kept in a pooled
/// array, then the items themselves — no closure or intermediate list per item.
/// </summary>
internal sealed class ArchiveWriter : IDisposable
{
    // Marks this writer's shared instances (ArchiveMarks): looking them up costs no table and no hashing.
    private readonly uint _stamp = ArchiveMarks.NewStamp();
    private byte[] _buffer;
    private int _length;

    private ArchiveWriter(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    /// <summary>Value texts at least this long are not copied into the buffer (see <see cref="CopyTo"/>).</summary>
    internal const int DeferredTextBytes = 64 * 1024;

    // The long value texts: where each goes in the archive and its bytes. Their space in the buffer is left unwritten
    // and CopyTo copies them from the value straight into the output: one copy of a large value instead of two.
    private List<(int At, ReadOnlyMemory<byte> Text)>? _deferred;

    /// <summary>The archive's length in bytes.</summary>
    public int Length => _length;

    /// <summary>Copies the archive (<see cref="Length"/> bytes) into <paramref name="destination"/>; valid until the writer is disposed.</summary>
    public void CopyTo(Span<byte> destination)
    {
        var from = 0;
        if (_deferred is not null)
        {
            foreach (var (at, text) in _deferred)
            {
                _buffer.AsSpan(from, at - from).CopyTo(destination[from..]);
                text.Span.CopyTo(destination[at..]);
                from = at + text.Length;
            }
        }
        _buffer.AsSpan(from, _length - from).CopyTo(destination[from..]);
    }

    /// <summary>Where this writer put the text of <paramref name="value"/> in the archive, or -1 when it did not write it.</summary>
    public int TextPosition(RawValue value) =>
        ArchiveMarks.TryFind(value.ArchiveMark, _stamp, out var at) ? at + BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(at)) : -1;

    public static byte[] Write(InterpreterData data)
    {
        using var writer = Start(data, 4096);
        var archive = new byte[writer.Length];
        writer.CopyTo(archive);
        return archive;
    }

    /// <summary>Writes <paramref name="data"/>; the caller copies the archive out (<see cref="CopyTo"/>) and disposes the writer.</summary>
    public static ArchiveWriter Start(InterpreterData data, int capacityHint)
    {
        var writer = new ArchiveWriter(Math.Max(capacityHint, RoughSize(data)));
        writer.WriteRoot(data);
        return writer;
    }

    // A generous guess of the archive's size from what it holds, so that the buffer is rented once instead of grown
    // (and copied) several times when an invocation adds much to its input (e.g. 500 call results): about a state and
    // a CID per trace state, and a CID, an entry and a value per store entry.
    private static int RoughSize(InterpreterData data)
    {
        var info = data.CidInfo;
        long entries = info.Values.Count + info.Tetraplets.Count + info.CanonElements.Count + info.CanonResults.Count + info.ServiceResults.Count;
        return (int)Math.Min(data.Trace.Count * 96L + entries * 192L, 64 << 20);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    private void WriteRoot(InterpreterData data)
    {
        var trace = WriteStates(data.Trace);
        var info = data.CidInfo;
        var values = WriteStore(info.Values);
        var tetraplets = WriteStore(info.Tetraplets);
        var elements = WriteStore(info.CanonElements);
        var results = WriteStore(info.CanonResults);
        var services = WriteStore(info.ServiceResults);
        var signatures = WriteSignatures(data.Signatures);
        var at = Reserve(ArchiveLayout.RootSize);
        Slice(at, trace);
        U32(at + 8, data.LastCallRequestId);
        Slice(at + 12, values);
        Slice(at + 20, tetraplets);
        Slice(at + 28, elements);
        Slice(at + 36, results);
        Slice(at + 44, services);
        Slice(at + 52, signatures);
    }

    // ---- primitives ----

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
            return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void Align4()
    {
        var padding = (4 - (_length & 3)) & 3;
        Ensure(padding);
        _buffer.AsSpan(_length, padding).Clear();
        _length += padding;
    }

    /// <summary>Aligns and reserves <paramref name="size"/> zeroed bytes; returns their position.</summary>
    private int Reserve(int size)
    {
        Align4();
        Ensure(size);
        var at = _length;
        _buffer.AsSpan(at, size).Clear();
        _length += size;
        return at;
    }

    private (int Start, int Count) WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        var at = _length;
        bytes.CopyTo(_buffer.AsSpan(at));
        _length += bytes.Length;
        return (at, bytes.Length);
    }

    private (int Start, int Count) WriteValueText(ReadOnlyMemory<byte> text)
    {
        if (text.Length < DeferredTextBytes)
            return WriteRaw(text.Span);
        Ensure(text.Length);
        var at = _length;
        (_deferred ??= []).Add((at, text));
        _length += text.Length;
        return (at, text.Length);
    }

    private (int Start, int Count) WriteText(string text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        var at = _length;
        var destination = _buffer.AsSpan(at);
        // CIDs and peer ids (most of an archive's text) are ASCII: narrowed as they are; anything else transcoded.
        var count = Ascii.FromUtf16(text, destination, out var narrowed) == OperationStatus.Done ? narrowed : Encoding.UTF8.GetBytes(text, destination);
        _length += count;
        return (at, count);
    }

    private void U32(int at, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at), value);

    private void Pointer(int at, int target) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(at), target - at);

    private void Slice(int at, (int Start, int Count) slice)
    {
        Pointer(at, slice.Start);
        U32(at + 4, (uint)slice.Count);
    }

    /// <summary>An array of <paramref name="count"/> zeroed items of <paramref name="size"/> bytes (an empty one points at the aligned position).</summary>
    private int ReserveArray(int count, int size) => Reserve(count * size);

    private (int Start, int Count) RcStr(CidRef cid)
    {
        if (ArchiveMarks.TryFind(cid.ArchiveMark, _stamp, out var start))
            return (start, cid.Utf8Length);
        var slice = cid.IsCanonical ? WriteCidText(cid) : WriteText(cid.Value);
        cid.ArchiveMark = ArchiveMarks.Of(_stamp, slice.Start);
        return slice;
    }

    // An Rc<str> of its own whose text another instance shares: written again, and the shared instance's mark left alone.
    // The text is the same every time (a fold's results all hold their function's tetraplet CID so): after the first,
    // the bytes written last for the same instance are copied instead of encoded again.
    private (int Start, int Count) UnsharedRcStr(CidRef cid)
    {
        if (!cid.IsCanonical)
            return WriteText(cid.Value);
        if (!ReferenceEquals(cid, _lastUnshared))
        {
            var slice = WriteCidText(cid);
            (_lastUnshared, _lastUnsharedAt) = (cid, slice.Start);
            return slice;
        }
        Ensure(AquaCid.TextLength);
        var at = _length;
        _buffer.AsSpan(_lastUnsharedAt, AquaCid.TextLength).CopyTo(_buffer.AsSpan(at));
        _length += AquaCid.TextLength;
        return (at, AquaCid.TextLength);
    }

    // The instance UnsharedRcStr wrote last, and where.
    private CidRef? _lastUnshared;
    private int _lastUnsharedAt;

    // A CID of AquaVM's form: its text written from its digest, no string made.
    private (int Start, int Count) WriteCidText(CidRef cid) => WriteCidText(cid.Digest);

    private (int Start, int Count) WriteCidText(ReadOnlySpan<byte> digest)
    {
        Ensure(AquaCid.TextLength);
        var at = _length;
        AquaCid.WriteText(digest, _buffer.AsSpan(at, AquaCid.TextLength));
        _length += AquaCid.TextLength;
        return (at, AquaCid.TextLength);
    }

    /// <summary>An ArchivedString's out-of-line bytes when it is not inline: the position of its bytes, or -1.</summary>
    private (int Start, int Count) StringParts(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        return count <= ArchiveLayout.InlineStringCapacity ? (-1, count) : WriteText(text);
    }

    private void StringField(int at, string text, (int Start, int Count) parts)
    {
        if (parts.Start < 0)
        {
            Encoding.UTF8.GetBytes(text, _buffer.AsSpan(at, ArchiveLayout.InlineStringCapacity));
            _buffer[at + 7] = (byte)parts.Count;
            return;
        }
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at), (uint)parts.Count);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(at + 4), parts.Start - at);
    }

    private int RcString(PeerRef peer)
    {
        if (ArchiveMarks.TryFind(peer.ArchiveMark, _stamp, out var shared))
            return shared;
        var parts = StringParts(peer.Value);
        var at = Reserve(ArchiveLayout.StringSize);
        StringField(at, peer.Value, parts);
        peer.ArchiveMark = ArchiveMarks.Of(_stamp, at);
        return at;
    }

    // ---- trace ----

    private (int Start, int Count) WriteStates(IReadOnlyList<ExecutedState> states)
    {
        var parts = ArrayPool<(int Start, int Count)>.Shared.Rent(Math.Max(states.Count, 1));
        try
        {
            for (var i = 0; i < states.Count; i++)
                parts[i] = StateParts(states[i]);
            var start = ReserveArray(states.Count, ArchiveLayout.StateSize);
            for (var i = 0; i < states.Count; i++)
                FillState(start + i * ArchiveLayout.StateSize, states[i], parts[i]);
            return (start, states.Count);
        }
        finally
        {
            ArrayPool<(int Start, int Count)>.Shared.Return(parts);
        }
    }

    // Writes what a state points to; returns where it is (a slice, or a position in Start).
    private (int Start, int Count) StateParts(ExecutedState state)
    {
        switch (state)
        {
            case ParState:
                return default;
            case CallState call when call.IsRequest(out var peer, out _):
                return (RcString(peer), 0);
            case CallState call when call.IsExecuted(out _, out var cid, out _):
                return RcStr(cid);
            case CallState { Result: Failed failed }:
                return RcStr(failed.ServiceResultCid);
            case CallState call:
                throw new ArgumentOutOfRangeException(nameof(state), call.Result.GetType().Name);
            case FoldState { Packed: { } packed }:
                return WriteLore(packed);
            case FoldState fold:
                return WriteLore(fold.LoreSpan);
            case ApState ap:
            {
                var generations = ap.GenerationSpan;
                var start = ReserveArray(generations.Length, 4);
                for (var i = 0; i < generations.Length; i++)
                    U32(start + i * 4, generations[i]);
                return (start, generations.Length);
            }
            case CanonState { Result: CanonRequestSentBy sent }:
                return (RcString(sent.Peer), 0);
            case CanonState { Result: CanonExecuted executed }:
                return RcStr(executed.Cid);
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state.GetType().Name);
        }
    }

    private (int Start, int Count) WriteLore(ReadOnlySpan<FoldLore> lores)
    {
        var subtraces = ArrayPool<int>.Shared.Rent(Math.Max(lores.Length, 1));
        try
        {
            for (var i = 0; i < lores.Length; i++)
            {
                var descriptors = lores[i].SubtraceSpan;
                var start = ReserveArray(descriptors.Length, ArchiveLayout.SubTraceSize);
                for (var j = 0; j < descriptors.Length; j++)
                {
                    U32(start + j * ArchiveLayout.SubTraceSize, descriptors[j].Position);
                    U32(start + j * ArchiveLayout.SubTraceSize + 4, descriptors[j].Length);
                }
                subtraces[i] = start;
            }
            var array = ReserveArray(lores.Length, ArchiveLayout.LoreSize);
            for (var i = 0; i < lores.Length; i++)
            {
                var at = array + i * ArchiveLayout.LoreSize;
                U32(at, lores[i].ValuePosition);
                Slice(at + 4, (subtraces[i], lores[i].SubtraceSpan.Length));
            }
            return (array, lores.Length);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(subtraces);
        }
    }

    // WriteLore for the interpreter's packed lore: the same layout (each lore's two subtraces, then the lore array).
    private (int Start, int Count) WriteLore(ReadOnlySpan<PackedLore> lores)
    {
        var subtraces = ArrayPool<int>.Shared.Rent(Math.Max(lores.Length, 1));
        try
        {
            for (var i = 0; i < lores.Length; i++)
            {
                var start = ReserveArray(2, ArchiveLayout.SubTraceSize);
                U32(start, lores[i].Before.Position);
                U32(start + 4, lores[i].Before.Length);
                U32(start + ArchiveLayout.SubTraceSize, lores[i].After.Position);
                U32(start + ArchiveLayout.SubTraceSize + 4, lores[i].After.Length);
                subtraces[i] = start;
            }
            var array = ReserveArray(lores.Length, ArchiveLayout.LoreSize);
            for (var i = 0; i < lores.Length; i++)
            {
                var at = array + i * ArchiveLayout.LoreSize;
                U32(at, lores[i].ValuePosition);
                Slice(at + 4, (subtraces[i], 2));
            }
            return (array, lores.Length);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(subtraces);
        }
    }

    private void FillState(int at, ExecutedState state, (int Start, int Count) parts)
    {
        switch (state)
        {
            case ParState par:
                _buffer[at] = ArchiveLayout.Par;
                U32(at + 4, par.Left);
                U32(at + 8, par.Right);
                return;
            case CallState call when call.IsRequest(out _, out var callId):
                _buffer[at] = ArchiveLayout.Call;
                _buffer[at + 4] = ArchiveLayout.RequestSentBy;
                _buffer[at + 8] = callId is null ? (byte)0 : (byte)1;
                Pointer(at + 12, parts.Start);
                if (callId is { } id)
                    U32(at + 16, id);
                return;
            case CallState call when call.IsExecuted(out var kind, out _, out var generation):
                _buffer[at] = ArchiveLayout.Call;
                _buffer[at + 4] = ArchiveLayout.Executed;
                _buffer[at + 8] = (byte)kind;
                Slice(at + 12, parts);
                if (kind == ValueKind.Stream)
                    U32(at + 20, generation);
                return;
            case CallState:
                _buffer[at] = ArchiveLayout.Call;
                _buffer[at + 4] = ArchiveLayout.Failed;
                Slice(at + 8, parts);
                return;
            case FoldState:
                _buffer[at] = ArchiveLayout.Fold;
                Slice(at + 4, parts);
                return;
            case ApState:
                _buffer[at] = ArchiveLayout.Ap;
                Slice(at + 4, parts);
                return;
            case CanonState { Result: CanonRequestSentBy }:
                _buffer[at] = ArchiveLayout.Canon;
                _buffer[at + 4] = 0;
                Pointer(at + 8, parts.Start);
                return;
            default:
                _buffer[at] = ArchiveLayout.Canon;
                _buffer[at + 4] = 1;
                Slice(at + 8, parts);
                return;
        }
    }

    // ---- stores ----

    private (int Start, int Count) WriteStore<T>(CidStore<T> store) where T : StoreValue
    {
        var entries = ArrayPool<(int Start, int Count, int Value)>.Shared.Rent(Math.Max(store.Count, 1));
        try
        {
            var list = store.Entries;
            for (var i = 0; i < list.Count; i++)
            {
                var (key, value) = list[i];
                var (keyStart, keyCount) = RcStr(key);
                if (!ArchiveMarks.TryFind(value.ArchiveMark, _stamp, out var valueAt))
                {
                    valueAt = WriteStoredValue(value);
                    value.ArchiveMark = ArchiveMarks.Of(_stamp, valueAt);
                }
                entries[i] = (keyStart, keyCount, valueAt);
            }
            var start = ReserveArray(list.Count, ArchiveLayout.EntrySize);
            for (var i = 0; i < list.Count; i++)
            {
                var at = start + i * ArchiveLayout.EntrySize;
                Slice(at, (entries[i].Start, entries[i].Count));
                Pointer(at + 8, entries[i].Value);
            }
            return (start, list.Count);
        }
        finally
        {
            ArrayPool<(int Start, int Count, int Value)>.Shared.Return(entries);
        }
    }

    // Writes one store value (its parts, then itself); returns its position.
    private int WriteStoredValue(StoreValue value)
    {
        switch (value)
        {
            case RawValue raw:
            {
                var text = WriteValueText(raw.Utf8);
                var at = Reserve(ArchiveLayout.RawValueSize);
                Slice(at, text);
                return at;
            }
            case StoredTetraplet t:
            {
                var peer = StringParts(t.PeerPk);
                var service = StringParts(t.ServiceId);
                var function = StringParts(t.FunctionName);
                var lens = StringParts(t.Lens);
                var at = Reserve(ArchiveLayout.TetrapletSize);
                StringField(at, t.PeerPk, peer);
                StringField(at + 8, t.ServiceId, service);
                StringField(at + 16, t.FunctionName, function);
                StringField(at + 24, t.Lens, lens);
                return at;
            }
            case CanonElement e:
            {
                var element = RcStr(e.Value);
                var tetraplet = RcStr(e.Tetraplet);
                var provenance = e.Provenance.Cid is null ? default : RcStr(e.Provenance.Cid);
                var at = Reserve(ArchiveLayout.CanonElementSize);
                Slice(at, element);
                Slice(at + 8, tetraplet);
                _buffer[at + 16] = (byte)e.Provenance.Kind;
                if (e.Provenance.Cid is not null)
                    Slice(at + 20, provenance);
                return at;
            }
            case CanonResultValue r:
            {
                var tetraplet = RcStr(r.Tetraplet);
                var slices = ArrayPool<(int Start, int Count)>.Shared.Rent(Math.Max(r.Values.Count, 1));
                try
                {
                    for (var i = 0; i < r.Values.Count; i++)
                        slices[i] = RcStr(r.Values[i]);
                    var values = ReserveArray(r.Values.Count, ArchiveLayout.RcStrSize);
                    for (var i = 0; i < r.Values.Count; i++)
                        Slice(values + i * ArchiveLayout.RcStrSize, slices[i]);
                    var at = Reserve(ArchiveLayout.CanonResultSize);
                    Slice(at, tetraplet);
                    Slice(at + 8, (values, r.Values.Count));
                    return at;
                }
                finally
                {
                    ArrayPool<(int Start, int Count)>.Shared.Return(slices);
                }
            }
            case ServiceResult r:
            {
                var valueCid = RcStr(r.ValueCid);
                var arguments = r.HoldsArgumentDigest && r.TryGetArgumentDigest(out var argumentDigest) ? WriteCidText(argumentDigest) : RcStr(r.ArgumentHash);
                var tetraplet = r.HoldsOwnTetrapletCid ? UnsharedRcStr(r.TetrapletCid) : RcStr(r.TetrapletCid);
                var at = Reserve(ArchiveLayout.ServiceResultSize);
                Slice(at, valueCid);
                Slice(at + 8, arguments);
                Slice(at + 16, tetraplet);
                return at;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name);
        }
    }

    private (int Start, int Count) WriteSignatures(IReadOnlyList<PeerSignature> signatures)
    {
        var parts = ArrayPool<(int Key, int KeyCount, int Signature, int SignatureCount)>.Shared.Rent(Math.Max(signatures.Count, 1));
        try
        {
            for (var i = 0; i < signatures.Count; i++)
            {
                var key = WriteRaw(signatures[i].PublicKey);
                var signature = WriteRaw(signatures[i].Signature);
                parts[i] = (key.Start, key.Count, signature.Start, signature.Count);
            }
            var start = ReserveArray(signatures.Count, ArchiveLayout.SignatureEntrySize);
            for (var i = 0; i < signatures.Count; i++)
            {
                var at = start + i * ArchiveLayout.SignatureEntrySize;
                Slice(at, (parts[i].Key, parts[i].KeyCount));
                Slice(at + 8, (parts[i].Signature, parts[i].SignatureCount));
            }
            return (start, signatures.Count);
        }
        finally
        {
            ArrayPool<(int Key, int KeyCount, int Signature, int SignatureCount)>.Shared.Return(parts);
        }
    }
}
