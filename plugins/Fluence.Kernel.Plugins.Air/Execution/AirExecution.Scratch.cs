using System.Text.Json.Nodes;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Execution;

// The tables an execution uses only while it runs, handed from one execution to the next on the same thread.
internal sealed partial class AirExecution
{
    [ThreadStatic]
    private static Scratch? t_spareScratch;

    // The list of the thread's last trace, once its data was encoded (see ReleaseTrace).
    [ThreadStatic]
    private static List<ExecutedState>? t_spareTrace;

    // A trace list this large is not kept (its array would stay alive with the thread).
    private const int MaxKeptTraceCapacity = 64 * 1024;

    /// <summary>A trace list for at least <paramref name="capacity"/> states: the thread's spare one, grown by the traces before it.</summary>
    private static List<ExecutedState> TakeTrace(int capacity)
    {
        var spare = t_spareTrace;
        t_spareTrace = null;
        if (spare is null)
            return new List<ExecutedState>(capacity);
        spare.EnsureCapacity(capacity);
        return spare;
    }

    /// <summary>
    /// Leaves the trace list to the thread's next execution, cleared: call it once nothing reads <see cref="Trace"/>
    /// any more (the new data is encoded). A trace of many states then does not regrow its list from a few items
    /// (and copy it a dozen times) on every invocation.
    /// </summary>
    public void ReleaseTrace()
    {
        if (_trace.Capacity > MaxKeptTraceCapacity)
            return;
        _trace.Clear();
        t_spareTrace = _trace;
    }

    /// <summary>
    /// Working tables of one running execution (variables, scopes, caught errors, parsed values, argument lists). None
    /// of them is part of the result, so a finished execution clears them and leaves them to the thread's next
    /// execution instead of every invocation growing its own from empty; tables that grew large are not kept.
    /// </summary>
    private sealed class Scratch
    {
        private const int MaxKeptEntries = 1024;
        // A fold over a full stream (StreamValue.MaxValues items) with a par and next in its body needs ≈ 5,000 entries.
        private const int MaxKeptWork = 16 * 1024;

        public readonly Dictionary<string, ScalarSlot> Scalars = new(StringComparer.Ordinal);
        public readonly Dictionary<string, List<StreamValue>> Streams = new(StringComparer.Ordinal);
        public readonly Dictionary<string, List<CanonEntry>> Canons = new(StringComparer.Ordinal);
        public readonly List<ScalarSlot> FrameSlots = [];
        public readonly List<int> FrameStarts = [];
        public readonly List<int> HiddenFrames = [];
        public readonly HashSet<AirExecutionException> Recorded = new(ReferenceEqualityComparer.Instance);
        public readonly Stack<ScalarBinding> SpareBindings = new();
        public readonly Dictionary<CidRef, JsonNode?> ParsedValues = new(CidRef.TextComparer.Instance);
        public readonly HashSet<string> NextPeerSet = new(StringComparer.Ordinal);
        public readonly List<JsonNode?> ArgumentValues = [];
        public readonly List<IReadOnlyList<SecurityTetraplet>> ArgumentTetraplets = [];
        public readonly ArgumentHasher ArgumentHasher = new();
        // Empty between executions: each runs them before it releases its scratch (no CID or result refers to them then).
        public readonly CidBatch ValueCids = new(BatchedValueText);
        public readonly CidBatch ServiceResultCids = new(StoreCids.ServiceResultJsonBytes);
        // Lore lists of finished stream folds (a stream holds at most StreamValue.MaxValues values: none grows large).
        public readonly Stack<List<LoreBuilder>> LoreLists = new();
        // Global streams of finished executions, emptied: their item lists do not regrow from a few items every time.
        public readonly Stack<StreamValue> SpareStreams = new();
        // The work stacks (empty between executions: each unwinds what it pushed); grown by deep folds, not kept when huge.
        public Continuation[] Work = new Continuation[64];
        public OpenPar[] Pars = new OpenPar[16];

        public static Scratch Take()
        {
            var spare = t_spareScratch;
            t_spareScratch = null;
            return spare ?? new Scratch();
        }

        /// <summary>Clears the tables and keeps them for the thread's next execution (the caller must not use them again).</summary>
        public void Release()
        {
            if (Scalars.EnsureCapacity(0) > MaxKeptEntries || Streams.EnsureCapacity(0) > MaxKeptEntries || Canons.EnsureCapacity(0) > MaxKeptEntries ||
                ParsedValues.EnsureCapacity(0) > MaxKeptEntries || NextPeerSet.EnsureCapacity(0) > MaxKeptEntries ||
                FrameSlots.Capacity > MaxKeptEntries || SpareBindings.Count > MaxKeptEntries || ArgumentValues.Capacity > MaxKeptEntries ||
                ArgumentHasher.TextCapacity > ArgumentHasher.MaxKeptTextCapacity || Work.Length > MaxKeptWork || Pars.Length > MaxKeptWork)
                return;
            // The bindings still open (the root frame's: a script binds most of its scalars there) are cleared and
            // kept as well, so the next execution makes none for as many scalars.
            foreach (var open in Scalars.Values)
            {
                for (var binding = open.Top; binding is not null && SpareBindings.Count < MaxKeptEntries;)
                {
                    var outer = binding.Outer;
                    binding.Value = null;
                    binding.Outer = null;
                    SpareBindings.Push(binding);
                    binding = outer;
                }
            }
            Scalars.Clear();
            // Nothing refers to a finished execution's streams (folds read rounds of their own, canons copy).
            foreach (var streams in Streams.Values)
            {
                foreach (var stream in streams)
                {
                    if (SpareStreams.Count >= MaxKeptEntries)
                        break;
                    stream.Reset();
                    SpareStreams.Push(stream);
                }
            }
            Streams.Clear();
            Canons.Clear();
            FrameSlots.Clear();
            FrameStarts.Clear();
            HiddenFrames.Clear();
            Recorded.Clear();
            ParsedValues.Clear();
            NextPeerSet.Clear();
            ArgumentValues.Clear();
            ArgumentTetraplets.Clear();
            ArgumentHasher.Forget();
            // Spare bindings are kept: they are cleared when their frame closes (or above) and refer to nothing.
            t_spareScratch = this;
        }
    }
}
