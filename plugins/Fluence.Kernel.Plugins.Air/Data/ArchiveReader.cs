using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Reads the inner rkyv archive. Every offset and length is bounds-checked; shared <c>Rc</c> targets decode to one
/// object each (so the writer can share them again). Bad bytes raise <see cref="InterpreterDataException"/> (code 2).
/// </summary>
internal sealed class ArchiveReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // A finished reader's tables, kept per thread for the next decode so they are not grown from empty every time
    // (only tables of moderate size are kept).
    [ThreadStatic]
    private static ArchiveReader? t_spare;
    private const int MaxSpareEntries = 4096;

    // Texts up to this many UTF-16 units are shared by content within one archive (longer ones are made each time).
    private const int MaxSharedTextLength = 256;

    private ReadOnlyMemory<byte> _archive;

    // rkyv's validation, which AquaVM runs before reading (aquavm.md §3.2), walks the archive in field order and keeps a
    // subtree range: a pointer's target must lie in it, what the target points to must lie before the target (and
    // after the range's start), and the next target after it. A shared Rc is checked where it is first met only.
    // Checked as each pointer is read, in the validation's order (trace, stores, signatures).
    private int _rangeStart, _rangeEnd;
    // The trace's service-result CIDs, read before the stores that name them (see LinkTraceResults).
    private readonly List<CidRef> _traceResultCids = [];
    private readonly Dictionary<int, CidRef> _cids = [];
    private readonly Dictionary<int, PeerRef> _peers = [];
    private readonly Dictionary<int, object> _values = [];
    // Every distinct text of the archive once: AquaVM writes the same CID (one per state of a repeated result) and the
    // same peer ids and service names over and over, each in its own allocation.
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _textsBySpan;
    private readonly Dictionary<CidRef, ServiceResult> _serviceResultsByCid = new(CidRef.TextComparer.Instance);
    private readonly Dictionary<CidRef, StoredTetraplet> _tetrapletsByCid = new(CidRef.TextComparer.Instance);

    // The first tetraplet store keys (where their text is, the key), and the service results that hold one of them as
    // their own copy of its text, by where that copy is (see ServiceResultAt).
    private const int MaxTetrapletKeys = 16;
    private readonly List<(int Start, CidRef Key)> _tetrapletKeys = [];
    private readonly Dictionary<int, ServiceResult> _sharedTetrapletAt = [];
    // The service results holding their argument hash as its digest, by where its text is (see ServiceResultAt).
    private readonly Dictionary<int, ServiceResult> _argumentDigestAt = [];

    // CID texts recently parsed into digests, by a hash of their last digits: AquaVM writes a CID once per place that
    // holds it (every state of a repeated result, every store key), so a CID's text has mostly been seen in this
    // archive already; comparing its bytes with the earlier copy costs a few ns, parsing base32 several times that.
    private const int RecentCidSlots = 16;
    private readonly int[] _recentCidStarts = new int[RecentCidSlots];
    private readonly AquaCid.Digest[] _recentDigests = new AquaCid.Digest[RecentCidSlots];

    // Element readers made once per reader instance (a lambda per store per decode would allocate every time).
    private readonly Func<int, ExecutedState> _state;
    private readonly Func<int, RawValue> _rawValue;
    private readonly Func<int, StoredTetraplet> _tetraplet;
    private readonly Func<int, CanonElement> _canonElement;
    private readonly Func<int, CanonResultValue> _canonResult;
    private readonly Func<int, ServiceResult> _serviceResult;
    private readonly Func<int, CidRef> _rcStr;
    private readonly Func<int, PeerSignature> _signature;

    private ArchiveReader()
    {
        _textsBySpan = _texts.GetAlternateLookup<ReadOnlySpan<char>>();
        _state = State;
        _rcStr = RcStr;
        _rawValue = RawValueAt;
        _tetraplet = at => new StoredTetraplet(String(at), String(at + 8), String(at + 16), String(at + 24));
        _canonElement = at => new CanonElement(RcStr(at), RcStr(at + 8), Provenance(at + 16));
        _canonResult = at => new CanonResultValue(RcStr(at), List(at + 8, ArchiveLayout.RcStrSize, _rcStr));
        _serviceResult = ServiceResultAt;
        _signature = at => new PeerSignature(ByteArray(at), ByteArray(at + 8));
    }

    private ReadOnlySpan<byte> Bytes => _archive.Span;

    /// <summary>Reads <paramref name="archive"/>; values keep referring to its bytes, which must not change while the data is in use.</summary>
    public static InterpreterData Read(ReadOnlyMemory<byte> archive, string version, string interpreterVersion)
    {
        if (archive.Length < ArchiveLayout.RootSize)
            throw Bad($"inner data is {archive.Length} bytes, shorter than its {ArchiveLayout.RootSize}-byte root");
        var reader = t_spare ?? new ArchiveReader();
        t_spare = null;
        reader._archive = archive;
        reader._recentCidStarts.AsSpan().Fill(-1);
        try
        {
            return reader.ReadRoot(archive.Length - ArchiveLayout.RootSize, version, interpreterVersion);
        }
        finally
        {
            reader.Release();
        }
    }

    // Read in the order AquaVM validates (see _rangeStart): the trace before the stores that its CIDs name, linked to them
    // after (LinkTraceResults).
    private InterpreterData ReadRoot(int root, string version, string interpreterVersion)
    {
        _rangeStart = 0;
        _rangeEnd = _archive.Length;
        Enter(root, ArchiveLayout.RootSize, 4);
        // A vector whose length makes its bytes more than a 32-bit address space holds fails AquaVM's validation before
        // anything is read of it, with no address in its message (the filters run only once a read has failed).
        List<ExecutedState> trace;
        try
        {
            trace = List(root, ArchiveLayout.StateSize, _state);
        }
        catch (InterpreterDataException) when (Overflows(root, ArchiveLayout.StateSize))
        {
            throw LayoutError("StructCheckError { field_name: \"trace\", inner: {0} }");
        }
        catch (InterpreterDataException e) when (e.Failure is { } failure && (UnknownTraceTag(root, failure) ?? TraceTextError(root, failure)) is { } error)
        {
            throw AquaVmError($"StructCheckError {{ field_name: \"trace\", inner: TupleStructCheckError {{ field_index: 0, inner: ValueCheckBytesError({error}) }} }}");
        }
        CidStore<RawValue> values;
        CidStore<StoredTetraplet> tetraplets;
        CidStore<CanonElement> canonElements;
        CidStore<CanonResultValue> canonResults;
        CidStore<ServiceResult> serviceResults;
        const string store = "StructCheckError { field_name: \"cid_info\", inner: StructCheckError { field_name: \"{1}\", inner: {0} } }";
        var at = root + 12;
        try
        {
            values = Store(at, ArchiveLayout.RawValueSize, _rawValue);
            at = root + 20;
            tetraplets = Store(at, ArchiveLayout.TetrapletSize, _tetraplet);
            at = root + 28;
            canonElements = Store(at, ArchiveLayout.CanonElementSize, _canonElement);
            at = root + 36;
            canonResults = Store(at, ArchiveLayout.CanonResultSize, _canonResult);
            at = root + 44;
            serviceResults = Store(at, ArchiveLayout.ServiceResultSize, _serviceResult);
        }
        catch (InterpreterDataException) when (Overflows(at, ArchiveLayout.EntrySize))
        {
            throw LayoutError(store.Replace("{1}", StoreNames[(at - root - 12) / 8], StringComparison.Ordinal));
        }
        catch (InterpreterDataException e) when (StoreKeyError(at, e) is { } error)
        {
            throw AquaVmError(store.Replace("{1}", StoreNames[(at - root - 12) / 8], StringComparison.Ordinal)
                .Replace("{0}", $"TupleStructCheckError {{ field_index: 0, inner: {error} }}", StringComparison.Ordinal));
        }
        var cidInfo = new CidInfo { Values = values, Tetraplets = tetraplets, CanonElements = canonElements, CanonResults = canonResults, ServiceResults = serviceResults };
        List<PeerSignature> signatures;
        try
        {
            signatures = List(root + 52, ArchiveLayout.SignatureEntrySize, _signature);
        }
        catch (InterpreterDataException) when (Overflows(root + 52, ArchiveLayout.SignatureEntrySize))
        {
            throw LayoutError("StructCheckError { field_name: \"signatures\", inner: {0} }");
        }
        NameServiceResults(cidInfo);
        LinkTraceResults(cidInfo);
        return new()
        {
            Version = version,
            InterpreterVersion = interpreterVersion,
            Trace = trace,
            LastCallRequestId = U32(root + 8),
            CidInfo = cidInfo,
            Signatures = signatures,
        };
    }

    /// <summary>
    /// Lets the tetraplet CIDs of service results name their tetraplets (each replayed call and the signature's CIDs
    /// resolve through them; one lookup here instead of one per use). Most already do: a store key names its value as
    /// it is read, and a result's tetraplet CID is the key's instance (shared, or marked as its own copy). The rest are
    /// looked up in an index made only for them. A CID whose entry is missing names nothing and fails where it is used.
    /// </summary>
    private void NameServiceResults(CidInfo info)
    {
        foreach (var (_, result) in info.ServiceResults.Entries)
        {
            if (result.TetrapletCid.Target is not null)
                continue;
            if (_tetrapletsByCid.Count == 0)
            {
                foreach (var (key, value) in info.Tetraplets.Entries)
                    _tetrapletsByCid.TryAdd(key, value);
            }
            if (_tetrapletsByCid.TryGetValue(result.TetrapletCid, out var tetraplet))
                result.TetrapletCid.Target = tetraplet;
        }
    }

    // A trace CID of a service result, named by the store after it is read (LinkTraceResults).
    private CidRef ServiceResultCid(int at)
    {
        var cid = RcStr(at);
        _traceResultCids.Add(cid);
        return cid;
    }

    // Lets the trace's service-result CIDs name their results when the store holds them: mostly the store key's own
    // instance, which names it already; any other is looked up in an index made when first needed.
    private void LinkTraceResults(CidInfo info)
    {
        if (info.ServiceResults.Count == 0)
            return;
        foreach (var cid in _traceResultCids)
        {
            if (cid.Target is not null)
                continue;
            if (_serviceResultsByCid.Count == 0)
            {
                foreach (var (key, result) in info.ServiceResults.Entries)
                    _serviceResultsByCid.TryAdd(key, result);
            }
            if (_serviceResultsByCid.TryGetValue(cid, out var named))
                cid.Target = named;
        }
    }

    /// <summary>Forgets this archive (its bytes and what was read from them) and hands the tables to the thread's next decode.</summary>
    private void Release()
    {
        _archive = default;
        _traceResultCids.Clear();
        if (_cids.Count > MaxSpareEntries || _peers.Count > MaxSpareEntries || _values.Count > MaxSpareEntries || _texts.Count > MaxSpareEntries ||
            _serviceResultsByCid.Count > MaxSpareEntries || _tetrapletsByCid.Count > MaxSpareEntries || _sharedTetrapletAt.Count > MaxSpareEntries || _argumentDigestAt.Count > MaxSpareEntries)
            return;
        _cids.Clear();
        _peers.Clear();
        _values.Clear();
        _texts.Clear();
        _serviceResultsByCid.Clear();
        _tetrapletsByCid.Clear();
        _tetrapletKeys.Clear();
        _sharedTetrapletAt.Clear();
        _argumentDigestAt.Clear();
        t_spare = this;
    }

    private static InterpreterDataException Bad(string message) => new(InterpreterDataException.DataDeserialization, message);

    private static InterpreterDataException NotUtf8(int start) =>
        new(InterpreterDataException.DataDeserialization, $"text at {start} is not valid UTF-8") { Failure = new(ArchiveFailure.Text, start) };

    private static InterpreterDataException UnknownTag(string kind, byte tag, int at) =>
        new(InterpreterDataException.DataDeserialization, $"unknown {kind} tag {tag} at {at}") { Failure = new(kind, at, tag) };

    // The stores' field names in AquaVM's CidInfo, in the root's order.
    private static readonly string[] StoreNames = ["value_store", "tetraplet_store", "canon_element_store", "canon_result_store", "service_result_store"];

    // Whether the vector at `at` holds more elements of elementSize (aligned to 4) than Rust's Layout allows on wasm32
    // (isize::MAX bytes, less the alignment's slack).
    private bool Overflows(int at, int elementSize) =>
        at + 8 <= _archive.Length && (long)BinaryPrimitives.ReadUInt32BigEndian(Bytes[(at + 4)..]) * elementSize > int.MaxValue - 3;

    // AquaVM's message for a vector whose layout overflows, given the path to it with {0} where the vector goes.
    private static InterpreterDataException LayoutError(string path) =>
        AquaVmError(path.Replace("{0}", "TupleStructCheckError { field_index: 0, inner: ContextError(ArchiveError(LayoutError { layout_error: LayoutError })) }", StringComparison.Ordinal));

    // AquaVM's message for a validation error, given its Debug text from the data's root down.
    private static InterpreterDataException AquaVmError(string path) =>
        Bad($"an error occurred while data deserialization: Data(Validation(CheckBytesError({path}))).\n" +
            $"AquaVM version is {InterpreterData.CurrentInterpreterVersion} and it expects {InterpreterData.CurrentVersion} version.");

    // rkyv's error inside an enum variant's first field.
    private static string Variant(string name, string inner) => $"InvalidTuple {{ variant_name: \"{name}\", inner: TupleStructCheckError {{ field_index: 0, inner: {inner} }} }}";

    /// <summary>
    /// Where this reader failed on text of a trace state that is not UTF-8 (a request's sender, an executed call's
    /// scalar or unused CID): rkyv's error for the first state that points at that text, as AquaVM prints it; null for
    /// any other failure.
    /// </summary>
    private string? TraceTextError(int root, ArchiveFailure failure)
    {
        if (failure is not { Kind: ArchiveFailure.Text, At: var text })
            return null;
        const string utf8 = "ValueCheckBytesError(Utf8Error(Utf8Error))";
        var start = Target(root);
        var count = U32(root + 4);
        for (var i = 0; i < count; i++)
        {
            var state = start + i * ArchiveLayout.StateSize;
            // A request's sender is an Rc<String> (its text inline in the String or after it); a CID an Rc<str>.
            if (U8(state) != ArchiveLayout.Call || (U8(state + 4) == ArchiveLayout.RequestSentBy ? StringTextAt(Target(state + 12)) : Target(state + 12)) != text)
                continue;
            var error = (U8(state + 4), U8(state + 8)) switch
            {
                (ArchiveLayout.RequestSentBy, 0) => Variant("RequestSentBy", Variant("PeerId", $"ValueCheckBytesError({utf8})")),
                (ArchiveLayout.RequestSentBy, 1) => Variant("RequestSentBy",
                    $"InvalidStruct {{ variant_name: \"PeerIdWithCallId\", inner: StructCheckError {{ field_name: \"peer_id\", inner: ValueCheckBytesError({utf8}) }} }}"),
                (ArchiveLayout.Executed, 0) => Variant("Executed", Variant("Scalar", $"TupleStructCheckError {{ field_index: 0, inner: {utf8} }}")),
                (ArchiveLayout.Executed, 2) => Variant("Executed", Variant("Unused", $"TupleStructCheckError {{ field_index: 0, inner: {utf8} }}")),
                _ => null,
            };
            return error is null ? null : $"CheckBytes {{ index: {i}, error: {Variant("Call", error)} }}";
        }
        return null;
    }

    /// <summary>
    /// Where this reader failed on a tag of a trace state (its own, its call's or canon's result's, a request's sender's
    /// or an executed call's value's) that names no variant: rkyv's error for that element of the trace, as AquaVM
    /// prints it; null for any other failure.
    /// </summary>
    private string? UnknownTraceTag(int root, ArchiveFailure failure)
    {
        var (kind, at, tag) = failure;
        var start = Target(root);
        var index = (at - start) / ArchiveLayout.StateSize;
        var offset = at - start - index * ArchiveLayout.StateSize;
        var invalid = $"InvalidTag({tag})";
        var error = (kind, offset) switch
        {
            ("trace state", 0) => invalid,
            ("call result", 4) => Variant("Call", invalid),
            ("canon result", 4) => Variant("Canon", invalid),
            ("sender", 8) => Variant("Call", Variant("RequestSentBy", invalid)),
            ("value", 8) => Variant("Call", Variant("Executed", invalid)),
            _ => null,
        };
        return error is null || at < start || index >= U32(root + 4) ? null : $"CheckBytes {{ index: {index}, error: {error} }}";
    }

    private void Check(long at, long length)
    {
        if (at < 0 || length < 0 || at + length > _archive.Length)
            throw Bad($"archive reference {at}..{at + length} is outside the {_archive.Length}-byte inner data");
    }

    private uint U32(int at)
    {
        Check(at, 4);
        return BinaryPrimitives.ReadUInt32BigEndian(Bytes[at..]);
    }

    private byte U8(int at)
    {
        Check(at, 1);
        return Bytes[at];
    }

    // A pointer's target of size bytes (an archived value and what it points to before it): aligned, inside the subtree
    // range, which becomes the range of its own targets; returns the range's end to restore in Leave.
    private int Enter(int target, long size, int align)
    {
        if ((target & (align - 1)) != 0)
            throw Bad($"archive reference {target} is not aligned to {align}");
        if (target < _rangeStart || target + size > _rangeEnd)
            throw Bad($"archive reference {target}..{target + size} is outside its subtree {_rangeStart}..{_rangeEnd}");
        var end = _rangeEnd;
        _rangeEnd = target;
        return end;
    }

    // Done with the target of size bytes at target: the next one lies after it.
    private void Leave(int target, long size, int end)
    {
        _rangeStart = (int)(target + size);
        _rangeEnd = end;
    }

    // A target of bytes (text), which points nowhere.
    private void Leaf(int target, long size) => Leave(target, size, Enter(target, size, 1));

    private int Target(int at)
    {
        Check(at, 4);
        long target = at + (long)BinaryPrimitives.ReadInt32BigEndian(Bytes[at..]);
        Check(target, 0);
        return (int)target;
    }

    // A relative pointer with a length (Vec, Box<str>, Box<[u8]>, Rc<str>): the target range.
    private (int Start, int Count) Slice(int at, int elementSize)
    {
        var target = Target(at);
        var count = U32(at + 4);
        Check(target, (long)count * elementSize);
        return (target, (int)count);
    }

    private List<T> List<T>(int at, int elementSize, Func<int, T> element)
    {
        var (start, count) = Slice(at, elementSize);
        var end = Enter(start, (long)count * elementSize, 4);
        var list = new List<T>(count);
        // Filled through a span: a derived state (the trace's) stored through List.Add takes the array covariance
        // check per item, through a span only once.
        CollectionsMarshal.SetCount(list, count);
        var items = CollectionsMarshal.AsSpan(list);
        for (var i = 0; i < count; i++)
            items[i] = element(start + i * elementSize);
        Leave(start, (long)count * elementSize, end);
        return list;
    }

    // A value's text (a Box<str>) as its validated UTF-8 bytes, not copied. A long one that is one plain JSON string
    // (the usual large service result) is proven valid UTF-8 by the scan that proves it plain: one pass over its bytes,
    // and no parse when it is used (see RawValue.IsPlainString).
    private RawValue RawValueAt(int at)
    {
        var (start, count) = Slice(at, 1);
        Leaf(start, count);
        var text = _archive.Slice(start, count);
        if (count >= Values.AirJson.LazyStringBytes && Values.PlainJsonString.Is(text.Span))
            return RawValue.OfPlainString(text);
        if (!System.Text.Unicode.Utf8.IsValid(text.Span))
            throw NotUtf8(start);
        return new RawValue(text);
    }

    // Validated UTF-8 text; a short one shared with every earlier occurrence of the same text in this archive.
    private string Utf8(int start, int length)
    {
        var utf8 = Bytes.Slice(start, length);
        if (length > MaxSharedTextLength)
            return NewString(utf8, start);
        Span<char> chars = stackalloc char[MaxSharedTextLength];
        if (System.Text.Unicode.Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
            throw NotUtf8(start);
        var text = chars[..written];
        if (_textsBySpan.TryGetValue(text, out var shared))
            return shared;
        shared = new string(text);
        _texts.Add(shared, shared);
        return shared;
    }

    private static string NewString(ReadOnlySpan<byte> utf8, int start)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8(start);
        }
    }

    private byte[] ByteArray(int at)
    {
        var (start, count) = Slice(at, 1);
        Leaf(start, count);
        return Bytes.Slice(start, count).ToArray();
    }

    private CidRef RcStr(int at)
    {
        var (start, count) = Slice(at, 1);
        // Met before (its range checked then): shared.
        if (_cids.TryGetValue(start, out var cid))
        {
            if (cid.Utf8Length == count)
                return cid;
            return RepointedText(start, count);
        }
        if (_sharedTetrapletAt.ContainsKey(start) || _argumentDigestAt.ContainsKey(start))
        {
            if (count != AquaCid.TextLength)
                return RepointedText(start, count);
        }
        else
        {
            Leaf(start, count);
        }
        // A service result's own copy of a tetraplet CID that another place points at too: both share one instance
        // of their own after all, as in the archive.
        if (_sharedTetrapletAt.Count > 0 && count == AquaCid.TextLength && _sharedTetrapletAt.Remove(start, out var holder))
        {
            cid = CidRef.OfDigest(holder.TetrapletCid.Digest, holder.TetrapletCid.Target);
            holder.UseOwnTetrapletCid(cid);
            _cids[start] = cid;
            return cid;
        }
        // A service result's argument hash held as its digest that another place points at too: a shared instance.
        if (_argumentDigestAt.Count > 0 && count == AquaCid.TextLength && _argumentDigestAt.Remove(start, out var hashed))
        {
            cid = hashed.ArgumentHash;
            hashed.UseArgumentHash(cid);
            _cids[start] = cid;
            return cid;
        }
        // AquaVM's own CIDs become their digests straight from the archive's bytes; other text is decoded as text.
        var text = Bytes.Slice(start, count);
        if (count == AquaCid.TextLength)
        {
            var slot = (text[^1] ^ (text[^2] << 1) ^ (text[^3] << 2)) & (RecentCidSlots - 1);
            var seen = _recentCidStarts[slot];
            if (seen >= 0 && text.SequenceEqual(Bytes.Slice(seen, count)))
            {
                cid = CidRef.OfDigest(_recentDigests[slot]);
            }
            else if (AquaCid.TryParseText(text, out _recentDigests[slot]))
            {
                _recentCidStarts[slot] = start;
                cid = CidRef.OfDigest(_recentDigests[slot]);
            }
            else
            {
                _recentCidStarts[slot] = -1;
                cid = new CidRef(Utf8(start, count));
            }
        }
        else
        {
            cid = new CidRef(Utf8(start, count));
        }
        _cids[start] = cid;
        return cid;
    }

    // A text at a target met before, with another length (only in altered data): rkyv's validation checks a shared
    // target once, where it is first met, so AquaVM takes these bytes as they are, its UTF-8 unchecked; they name no
    // entry and show as text (invalid bytes replaced) where they are reported or written.
    private CidRef RepointedText(int start, int count) => new(Encoding.UTF8.GetString(Bytes.Slice(start, count)));

    // A service result. Its tetraplet CID, when it is a copy of its own (a place nothing has pointed at yet) of the
    // text of a tetraplet store key — how AquaVM writes each new result's tetraplet CID — is that key's instance,
    // marked as held on its own (ServiceResult.HoldsOwnTetrapletCid: the writer writes the text again): no reference
    // object per result. Should another place point at the copy too (not in AquaVM's data), RcStr gives the two an
    // instance of their own after all.
    // Its argument hash, a CID of AquaVM's form at a place of its own (AquaVM hashes every result's arguments anew), is
    // held as its digest; should another place point at it too, RcStr gives the two a shared instance.
    private ServiceResult ServiceResultAt(int at)
    {
        var value = RcStr(at);
        var (argumentStart, argumentCount) = Slice(at + 8, 1);
        var (start, count) = Slice(at + 16, 1);
        // Only places nothing else has pointed at (nor the other field of this result).
        var argumentDigest = default(AquaCid.Digest);
        var ownArgument = argumentCount == AquaCid.TextLength && argumentStart != start && IsUnclaimed(argumentStart) &&
            AquaCid.TryParseText(Bytes.Slice(argumentStart, AquaCid.TextLength), out argumentDigest);
        if (ownArgument)
            Leaf(argumentStart, argumentCount);
        var argument = ownArgument ? null : RcStr(at + 8);
        var sharedKey = count == AquaCid.TextLength && _tetrapletKeys.Count > 0 && start != argumentStart && IsUnclaimed(start) ? TetrapletKeyAt(start) : null;
        if (sharedKey is not null)
            Leaf(start, count);
        var tetraplet = sharedKey ?? RcStr(at + 16);
        var result = ownArgument ? new ServiceResult(value, argumentDigest, tetraplet) : new ServiceResult(value, argument!, tetraplet);
        if (ownArgument)
            _argumentDigestAt[argumentStart] = result;
        if (sharedKey is not null)
        {
            result.HoldsOwnTetrapletCid = true;
            _sharedTetrapletAt[start] = result;
        }
        return result;
    }

    // Whether no reference has been read from start yet.
    private bool IsUnclaimed(int start) => !_cids.ContainsKey(start) && !_sharedTetrapletAt.ContainsKey(start) && !_argumentDigestAt.ContainsKey(start);

    // The tetraplet store key whose text is at start (AquaCid.TextLength bytes), if any.
    private CidRef? TetrapletKeyAt(int start)
    {
        var text = Bytes.Slice(start, AquaCid.TextLength);
        foreach (var (keyStart, key) in _tetrapletKeys)
        {
            if (text.SequenceEqual(Bytes.Slice(keyStart, AquaCid.TextLength)))
                return key;
        }
        return null;
    }

    // ArchivedString: inline (bytes, zero padding, last byte = length < 0x80) or out of line
    // (u32 BE length, i32 LE offset from the string's own address; the offset's sign bit marks it).
    private string String(int at)
    {
        Check(at, ArchiveLayout.StringSize);
        var bytes = Bytes;
        var last = bytes[at + 7];
        if ((last & 0x80) == 0)
        {
            if (last > ArchiveLayout.InlineStringCapacity)
                throw Bad($"inline string at {at} claims {last} bytes");
            return Utf8(at, last);
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);
        long target = at + (long)BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 4)..]);
        Check(target, length);
        Leaf((int)target, length);
        return Utf8((int)target, (int)length);
    }

    // Where the text of the String at `at` starts: in the String itself, or where its out-of-line offset points.
    private int StringTextAt(int at) =>
        (Bytes[at + 7] & 0x80) == 0 ? at : (int)(at + (long)BinaryPrimitives.ReadInt32LittleEndian(Bytes[(at + 4)..]));

    private PeerRef RcString(int at)
    {
        var target = Target(at);
        if (_peers.TryGetValue(target, out var peer))
            return peer;
        Check(target, ArchiveLayout.StringSize);
        var end = Enter(target, ArchiveLayout.StringSize, 4);
        peer = new PeerRef(String(target));
        Leave(target, ArchiveLayout.StringSize, end);
        _peers[target] = peer;
        return peer;
    }

    private CidStore<T> Store<T>(int at, int valueSize, Func<int, T> value) where T : StoreValue
    {
        var (start, count) = Slice(at, ArchiveLayout.EntrySize);
        var entriesEnd = Enter(start, (long)count * ArchiveLayout.EntrySize, 4);
        var entries = new List<KeyValuePair<CidRef, T>>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = start + i * ArchiveLayout.EntrySize;
            var key = RcStr(entry);
            if (typeof(T) == typeof(StoredTetraplet) && key.IsCanonical && _tetrapletKeys.Count < MaxTetrapletKeys)
                _tetrapletKeys.Add((Target(entry), key));
            var target = Target(entry + 8);
            Check(target, valueSize);
            T typed;
            if (!_values.TryGetValue(target, out var shared))
            {
                var end = Enter(target, valueSize, 4);
                typed = value(target);
                Leave(target, valueSize, end);
                _values[target] = typed;
            }
            else if (shared is not T sharedTyped)
            {
                // rkyv refuses one target shared by Rcs of two types.
                throw Bad($"archive reference {target} is shared by values of two types");
            }
            else
            {
                typed = sharedTyped;
            }
            // The key names its value: a service result's value CID (the same Rc as the value store's key) then
            // finds the value with no lookup. A key shared with another store's (only in odd data) keeps its first.
            key.Target ??= typed;
            entries.Add(KeyValuePair.Create(key, typed));
        }
        Leave(start, (long)count * ArchiveLayout.EntrySize, entriesEnd);
        return new CidStore<T>(entries);
    }

    /// <summary>
    /// Where this reader failed on a key of the store at <paramref name="at"/> (a length past a 32-bit address space, or
    /// text that is not UTF-8): rkyv's error for the first entry whose key fails so, as AquaVM prints it; null when no
    /// key is what failed.
    /// </summary>
    private string? StoreKeyError(int at, InterpreterDataException failure)
    {
        var start = Target(at);
        var count = U32(at + 4);
        for (var i = 0; i < count; i++)
        {
            var entry = start + i * ArchiveLayout.EntrySize;
            var target = Target(entry);
            var length = U32(entry + 4);
            var error = length > int.MaxValue && failure.Message == $"archive reference {target}..{target + (long)length} is outside the {_archive.Length}-byte inner data"
                ? "ContextError(ArchiveError(LayoutError { layout_error: LayoutError }))"
                : failure.Failure == new ArchiveFailure(ArchiveFailure.Text, target) ? "ValueCheckBytesError(Utf8Error(Utf8Error))" : null;
            if (error is not null)
                return $"ValueCheckBytesError(CheckBytes {{ index: {i}, error: KeyCheckError(TupleStructCheckError {{ field_index: 0, inner: {error} }}) }})";
        }
        return null;
    }

    private Provenance Provenance(int at) => U8(at) switch
    {
        0 => Data.Provenance.Literal,
        1 => new Provenance(ProvenanceKind.ServiceResult, RcStr(at + 4)),
        2 => new Provenance(ProvenanceKind.Canon, RcStr(at + 4)),
        var tag => throw UnknownTag("provenance", tag, at),
    };

    private ExecutedState State(int at) => U8(at) switch
    {
        ArchiveLayout.Par => new ParState(U32(at + 4), U32(at + 8)),
        ArchiveLayout.Call => CallStateAt(at + 4),
        ArchiveLayout.Fold => new FoldState(List(at + 4, ArchiveLayout.LoreSize, lore =>
            new FoldLore(U32(lore), List(lore + 4, ArchiveLayout.SubTraceSize, d => new SubTraceDescriptor(U32(d), U32(d + 4)))))),
        ArchiveLayout.Ap => new ApState(List(at + 4, 4, U32)),
        ArchiveLayout.Canon => new CanonState(U8(at + 4) switch
        {
            0 => new CanonRequestSentBy(RcString(at + 8)),
            1 => new CanonExecuted(RcStr(at + 8)),
            var tag => throw UnknownTag("canon result", tag, at + 4),
        }),
        var tag => throw UnknownTag("trace state", tag, at),
    };

    // Requests with a call id and executed calls are made in place (no result objects; see CallState).
    private CallState CallStateAt(int at) => U8(at) switch
    {
        ArchiveLayout.RequestSentBy => U8(at + 4) switch
        {
            0 => new CallState(new RequestSentBy(new Sender(RcString(at + 8), null))),
            1 => new CallState(RcString(at + 8), U32(at + 12)),
            var tag => throw UnknownTag("sender", tag, at + 4),
        },
        ArchiveLayout.Executed => U8(at + 4) switch
        {
            0 => new CallState(ValueKind.Scalar, ServiceResultCid(at + 8)),
            1 => new CallState(ValueKind.Stream, ServiceResultCid(at + 8), U32(at + 16)),
            2 => new CallState(ValueKind.Unused, RcStr(at + 8)),
            var tag => throw UnknownTag("value", tag, at + 4),
        },
        ArchiveLayout.Failed => new CallState(new Failed(ServiceResultCid(at + 4))),
        var tag => throw UnknownTag("call result", tag, at),
    };
}
