using System.Buffers.Binary;
using System.Text;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Writes the inner rkyv archive exactly as rkyv 0.7 serialises AquaVM's data: depth-first, every structure's
/// out-of-line parts (field order) before the structure, the 60-byte root last; 4-byte alignment for structures, none
/// for raw bytes; each shared object (<see cref="CidRef"/>, <see cref="PeerRef"/>, store values) written once.
/// </summary>
internal sealed class ArchiveWriter
{
    private readonly Dictionary<object, int> _shared = new(ReferenceEqualityComparer.Instance);
    private byte[] _buffer;
    private int _length;

    private ArchiveWriter(int capacity) => _buffer = new byte[Math.Max(capacity, 256)];

    public static byte[] Write(InterpreterData data)
    {
        var writer = new ArchiveWriter(4096);
        writer.WriteRoot(data);
        return writer._buffer.AsSpan(0, writer._length).ToArray();
    }

    private void WriteRoot(InterpreterData data)
    {
        var trace = WriteStates(data.Trace);
        var info = data.CidInfo;
        var values = WriteStore(info.Values, v => { var raw = WriteText(v.Json); return () => Reserve(ArchiveLayout.RawValueSize, at => Slice(at, raw)); });
        var tetraplets = WriteStore(info.Tetraplets, WriteTetraplet);
        var elements = WriteStore(info.CanonElements, WriteCanonElement);
        var results = WriteStore(info.CanonResults, WriteCanonResult);
        var services = WriteStore(info.ServiceResults, WriteServiceResult);
        var signatures = WriteSignatures(data.Signatures);
        Reserve(ArchiveLayout.RootSize, at =>
        {
            Slice(at, trace);
            U32(at + 8, data.LastCallRequestId);
            Slice(at + 12, values);
            Slice(at + 20, tetraplets);
            Slice(at + 28, elements);
            Slice(at + 36, results);
            Slice(at + 44, services);
            Slice(at + 52, signatures);
        });
    }

    // ---- primitives ----

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
            return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }

    private void Align4()
    {
        var padding = (4 - (_length & 3)) & 3;
        Ensure(padding);
        _buffer.AsSpan(_length, padding).Clear();
        _length += padding;
    }

    /// <summary>Aligns, reserves <paramref name="size"/> zeroed bytes, lets <paramref name="fill"/> write them; returns their position.</summary>
    private int Reserve(int size, Action<int> fill)
    {
        Align4();
        Ensure(size);
        var at = _length;
        _buffer.AsSpan(at, size).Clear();
        _length += size;
        fill(at);
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

    private (int Start, int Count) WriteText(string text) => WriteRaw(Encoding.UTF8.GetBytes(text));

    private void U32(int at, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at), value);

    private void Pointer(int at, int target) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(at), target - at);

    private void Slice(int at, (int Start, int Count) slice)
    {
        Pointer(at, slice.Start);
        U32(at + 4, (uint)slice.Count);
    }

    // An empty vector points at the aligned current position.
    private (int Start, int Count) WriteArray<T>(IReadOnlyList<T> items, int size, Action<int, T> fill)
    {
        Align4();
        var start = _length;
        foreach (var item in items)
            Reserve(size, at => fill(at, item));
        return (start, items.Count);
    }

    private (int Start, int Count) RcStr(CidRef cid)
    {
        if (_shared.TryGetValue(cid, out var at))
            return (at, Encoding.UTF8.GetByteCount(cid.Value));
        var slice = WriteText(cid.Value);
        _shared[cid] = slice.Start;
        return slice;
    }

    /// <summary>An ArchivedString's out-of-line bytes (none when inline); returns what the string field needs.</summary>
    private (byte[] Bytes, int Start) StringParts(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= ArchiveLayout.InlineStringCapacity ? (bytes, -1) : (bytes, WriteRaw(bytes).Start);
    }

    private void StringField(int at, (byte[] Bytes, int Start) parts)
    {
        if (parts.Start < 0)
        {
            parts.Bytes.CopyTo(_buffer.AsSpan(at));
            _buffer[at + 7] = (byte)parts.Bytes.Length;
            return;
        }
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at), (uint)parts.Bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(at + 4), parts.Start - at);
    }

    private int RcString(PeerRef peer)
    {
        if (_shared.TryGetValue(peer, out var at))
            return at;
        var parts = StringParts(peer.Value);
        at = Reserve(ArchiveLayout.StringSize, s => StringField(s, parts));
        _shared[peer] = at;
        return at;
    }

    // ---- trace ----

    private (int Start, int Count) WriteStates(IReadOnlyList<ExecutedState> states)
    {
        var fills = new List<Action<int>>(states.Count);
        foreach (var state in states)
            fills.Add(StateDependencies(state));
        return WriteArray(fills, ArchiveLayout.StateSize, (at, fill) => fill(at));
    }

    // Writes what a state points to and returns how to fill its 24 bytes.
    private Action<int> StateDependencies(ExecutedState state)
    {
        switch (state)
        {
            case ParState par:
                return at => { _buffer[at] = ArchiveLayout.Par; U32(at + 4, par.Left); U32(at + 8, par.Right); };
            case CallState call:
                var result = CallDependencies(call.Result);
                return at => { _buffer[at] = ArchiveLayout.Call; result(at + 4); };
            case FoldState fold:
                var lores = fold.Lore.Select(l => (l.ValuePosition, Subtraces: WriteArray(l.Subtraces, ArchiveLayout.SubTraceSize, (at, d) =>
                {
                    U32(at, d.Position);
                    U32(at + 4, d.Length);
                }))).ToList();
                var lore = WriteArray(lores, ArchiveLayout.LoreSize, (at, l) => { U32(at, l.ValuePosition); Slice(at + 4, l.Subtraces); });
                return at => { _buffer[at] = ArchiveLayout.Fold; Slice(at + 4, lore); };
            case ApState ap:
                var generations = WriteArray(ap.Generations, 4, U32);
                return at => { _buffer[at] = ArchiveLayout.Ap; Slice(at + 4, generations); };
            case CanonState { Result: CanonRequestSentBy sent }:
                var peer = RcString(sent.Peer);
                return at => { _buffer[at] = ArchiveLayout.Canon; _buffer[at + 4] = 0; Pointer(at + 8, peer); };
            case CanonState { Result: CanonExecuted executed }:
                var cid = RcStr(executed.Cid);
                return at => { _buffer[at] = ArchiveLayout.Canon; _buffer[at + 4] = 1; Slice(at + 8, cid); };
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state.GetType().Name);
        }
    }

    private Action<int> CallDependencies(CallResult result)
    {
        switch (result)
        {
            case RequestSentBy { Sender: var sender }:
                var peer = RcString(sender.Peer);
                return at =>
                {
                    _buffer[at] = ArchiveLayout.RequestSentBy;
                    _buffer[at + 4] = sender.CallId is null ? (byte)0 : (byte)1;
                    Pointer(at + 8, peer);
                    if (sender.CallId is { } id)
                        U32(at + 12, id);
                };
            case Executed { Value: var value }:
                var cid = RcStr(value.Cid);
                return at =>
                {
                    _buffer[at] = ArchiveLayout.Executed;
                    _buffer[at + 4] = (byte)value.Kind;
                    Slice(at + 8, cid);
                    if (value.Kind == ValueKind.Stream)
                        U32(at + 16, value.Generation);
                };
            case Failed failed:
                var failedCid = RcStr(failed.ServiceResultCid);
                return at => { _buffer[at] = ArchiveLayout.Failed; Slice(at + 4, failedCid); };
            default:
                throw new ArgumentOutOfRangeException(nameof(result), result.GetType().Name);
        }
    }

    // ---- stores ----

    private (int Start, int Count) WriteStore<T>(CidStore<T> store, Func<T, Func<int>> valueDependencies) where T : class
    {
        var entries = new List<((int, int) Key, int Value)>(store.Count);
        foreach (var (key, value) in store.Entries)
        {
            var keySlice = RcStr(key);
            if (!_shared.TryGetValue(value, out var valueAt))
            {
                valueAt = valueDependencies(value)();
                _shared[value] = valueAt;
            }
            entries.Add((keySlice, valueAt));
        }
        return WriteArray(entries, ArchiveLayout.EntrySize, (at, e) => { Slice(at, e.Key); Pointer(at + 8, e.Value); });
    }

    private Func<int> WriteTetraplet(StoredTetraplet t)
    {
        var peer = StringParts(t.PeerPk);
        var service = StringParts(t.ServiceId);
        var function = StringParts(t.FunctionName);
        var lens = StringParts(t.Lens);
        return () => Reserve(ArchiveLayout.TetrapletSize, at =>
        {
            StringField(at, peer);
            StringField(at + 8, service);
            StringField(at + 16, function);
            StringField(at + 24, lens);
        });
    }

    private Func<int> WriteCanonElement(CanonElement e)
    {
        var value = RcStr(e.Value);
        var tetraplet = RcStr(e.Tetraplet);
        var provenance = e.Provenance.Cid is null ? default : RcStr(e.Provenance.Cid);
        return () => Reserve(ArchiveLayout.CanonElementSize, at =>
        {
            Slice(at, value);
            Slice(at + 8, tetraplet);
            _buffer[at + 16] = (byte)e.Provenance.Kind;
            if (e.Provenance.Cid is not null)
                Slice(at + 20, provenance);
        });
    }

    private Func<int> WriteCanonResult(CanonResultValue r)
    {
        var tetraplet = RcStr(r.Tetraplet);
        var slices = r.Values.Select(RcStr).ToList();
        var values = WriteArray(slices, ArchiveLayout.RcStrSize, Slice);
        return () => Reserve(ArchiveLayout.CanonResultSize, at => { Slice(at, tetraplet); Slice(at + 8, values); });
    }

    private Func<int> WriteServiceResult(ServiceResult r)
    {
        var value = RcStr(r.ValueCid);
        var arguments = RcStr(r.ArgumentHash);
        var tetraplet = RcStr(r.TetrapletCid);
        return () => Reserve(ArchiveLayout.ServiceResultSize, at => { Slice(at, value); Slice(at + 8, arguments); Slice(at + 16, tetraplet); });
    }

    private (int Start, int Count) WriteSignatures(IReadOnlyList<PeerSignature> signatures)
    {
        var entries = signatures.Select(s => (Key: WriteRaw(s.PublicKey), Signature: WriteRaw(s.Signature))).ToList();
        return WriteArray(entries, ArchiveLayout.SignatureEntrySize, (at, e) => { Slice(at, e.Key); Slice(at + 8, e.Signature); });
    }
}
