using System.Runtime.ExceptionServices;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Execution;

// What runs after an instruction's part, kept on a work stack instead of the thread's stack: a fold iteration (and a
// nested seq, par, xor or new) adds entries there, not managed frames, so a deep fold runs at constant stack depth and
// a GC does not walk thousands of frames. An entry says what runs when the part returns (Resume), when it fails with a
// catchable error (Catch) and in either case (Cleanup): what a call's return, catch and finally would run.
internal sealed partial class AirExecution
{
    private enum Resumption : byte
    {
        /// <summary>seq: the left side returned; the right runs if it completed.</summary>
        SeqRight,
        /// <summary>par: the left branch returned or failed; the right runs.</summary>
        ParLeft,
        /// <summary>par: the right branch returned or failed; the par's state is written.</summary>
        ParRight,
        /// <summary>xor: the left side returned, or failed and the right runs.</summary>
        XorLeft,
        /// <summary>xor: the right side returned; :error: is reset.</summary>
        XorRight,
        /// <summary>new: the scope of a stream, canon or scalar ends.</summary>
        NewScope,
        /// <summary>fold over a value: the frame is dropped.</summary>
        ValueFold,
        /// <summary>A value fold's first iteration returned: its scalar scope closes.</summary>
        Iteration,
        /// <summary>next in a value fold: the iteration it started (and those after) returned; the scope closes and the index goes back.</summary>
        NextIteration,
        /// <summary>Stream fold: a round over one generation returned or failed; the next round runs.</summary>
        StreamRound,
        /// <summary>Stream fold: a round's first iteration returned; its scope closes and its lore subtraces are measured.</summary>
        StreamIteration,
        /// <summary>
        /// next in a stream fold: the iteration it started returned (as StreamIteration), the index goes back and the
        /// after-subtrace of next's own iteration starts.
        /// </summary>
        StreamNextIteration,
        /// <summary>next in a stream fold on the last value: the last instruction returned; the after-subtrace starts.</summary>
        StreamNext,
    }

    /// <summary>
    /// One entry of the work stack: its instruction and what its resumption needs. An iteration's scope, its lore
    /// and the next that started it are one entry (their cleanups run back to back, in this order).
    /// </summary>
    private struct Continuation
    {
        public Resumption Kind;
        public AirInstruction Instruction;
        // Iterations: the scalar frame their scope closes back to.
        public int OuterFrame;
        // Stream iterations: their lore entry.
        public int LoreAt;
        // next in a stream fold: the lore entry of next's own iteration.
        public int NextLoreAt;
        // Folds: the FoldFrame (ValueFold and iterations) or the StreamFoldRun (StreamRound); new: the scope's stream
        // list, canon list or the scalar binding it shadows.
        public object? Target;
    }

    // Small entries (most are a fold's): a par's larger state is on a stack of its own (_pars), in the same order.
    // A popped entry is cleared, as the stacks outlive the execution (scratch) and hold no value of a finished one.
    private Continuation[] _work;
    private int _workCount;

    private ref Continuation Push(Resumption kind, AirInstruction instruction)
    {
        if (_workCount == _work.Length)
            Array.Resize(ref _work, _work.Length * 2);
        ref var entry = ref _work[_workCount++];
        entry.Kind = kind;
        entry.Instruction = instruction;
        return ref entry;
    }

    /// <summary>Pops the top entry, which <paramref name="entry"/> names (nothing reads it after this).</summary>
    private void Pop(ref Continuation entry)
    {
        _workCount--;
        entry = default;
    }

    /// <summary>Hands the (empty) stacks back to the scratch: they may have grown.</summary>
    private void ReleaseWork() => (_scratch.Work, _scratch.Pars) = (_work, _pars);

    /// <summary>
    /// Runs <paramref name="root"/> to its end: starts instructions, resumes what waits on the work stack above the
    /// depth it was called at, and unwinds that part on errors as nested catch and finally blocks would. Nothing
    /// runs an instruction by a nested call (match and mismatch hand their body back), so the thread's stack stays
    /// as deep as this call, however deep the script's folds go.
    /// </summary>
    private void Execute(AirInstruction root)
    {
        var bottom = _workCount;
        AirInstruction? next = root;
        // The instruction whose part runs: a catchable error is recorded with its text (the innermost instruction).
        var running = root;
        Exception? thrown = null;
        while (true)
        {
            if (thrown is null)
            {
                try
                {
                    while (true)
                    {
                        if (next is not null)
                        {
                            running = next;
                            next = Start(next);
                        }
                        else if (_workCount > bottom)
                        {
                            // By reference: an entry is resumed in place (Resume pops it, or turns it into the next).
                            ref var entry = ref _work[_workCount - 1];
                            running = entry.Instruction;
                            next = Resume(ref entry);
                        }
                        else
                        {
                            return;
                        }
                    }
                }
                catch (Exception e)
                {
                    thrown = e;
                    Record(e, running);
                }
            }
            if (_workCount == bottom)
                ExceptionDispatchInfo.Throw(thrown);
            ref var handler = ref _work[_workCount - 1];
            try
            {
                running = handler.Instruction;
                if (thrown is AirExecutionException { IsCatchable: true } catchable && Catches(handler.Kind))
                {
                    thrown = null;
                    next = Catch(ref handler, catchable);
                }
                else
                {
                    var popped = handler;
                    Pop(ref handler);
                    Cleanup(in popped, unwinding: true);
                }
            }
            catch (Exception e)
            {
                // As a throw in a catch or finally block: the new error goes on in place of the old one.
                thrown = e;
                Record(e, running);
            }
        }
    }

    // A catchable error is recorded once, with the instruction it was thrown in.
    private void Record(Exception e, AirInstruction instruction)
    {
        if (e is AirExecutionException { IsCatchable: true } error && !_recorded.Contains(error))
        {
            error.Instruction ??= InstructionText.Of(instruction);
            RecordError(error);
        }
    }

    private static bool Catches(Resumption kind) => kind is Resumption.ParLeft or Resumption.ParRight or Resumption.XorLeft or Resumption.StreamRound;

    /// <summary>Starts an instruction: runs it whole, or pushes what follows its first part and returns that part.</summary>
    private AirInstruction? Start(AirInstruction instruction)
    {
        _instructionStart = instruction.Span.Start;
        switch (instruction)
        {
            case SeqInstruction seq:
                _complete = true;
                Push(Resumption.SeqRight, seq);
                return seq.Left;
            case ParInstruction par: return StartPar(par);
            case XorInstruction xor:
                _complete = true;
                Push(Resumption.XorLeft, xor);
                return xor.Left;
            case CallInstruction or ApInstruction or ApMapInstruction or CanonInstruction or CanonMapInstruction
                or CanonMapToScalarInstruction or FailInstruction:
                Joinable(instruction);
                return null;
            case MatchInstruction match: return StartMatch(match.Left, match.Right, match.Body, equal: true, match);
            case MismatchInstruction mismatch: return StartMatch(mismatch.Left, mismatch.Right, mismatch.Body, equal: false, mismatch);
            case FoldInstruction fold: return StartFold(fold);
            case NextInstruction next: return StartNext(next);
            case NewInstruction @new: return StartNew(@new);
            case NeverInstruction: _complete = false; return null;
            case NullInstruction: _complete = true; return null;
            default: throw new ArgumentOutOfRangeException(nameof(instruction), instruction.GetType().Name);
        }
    }

    /// <summary>
    /// The part of an instruction that followed a call returning normally; returns what runs next. Pops the entry
    /// (before anything is pushed: the reference then names a free slot) or turns it into the instruction's next one.
    /// </summary>
    private AirInstruction? Resume(ref Continuation entry)
    {
        switch (entry.Kind)
        {
            case Resumption.SeqRight:
                var right = ((SeqInstruction)entry.Instruction).Right;
                Pop(ref entry);
                return _complete ? right : null;
            case Resumption.ParLeft:
                return StartParRight(ref entry, _complete, null);
            case Resumption.ParRight:
                Pop(ref entry);
                FinishPar(_complete, null);
                return null;
            case Resumption.XorLeft:
                Pop(ref entry);
                return null;
            case Resumption.XorRight:
                // The right side returned: :error: is the initial value again, also inside an enclosing xor's right
                // side (verified), unless the right side recorded an error of its own (a call failing in a par that
                // succeeded): that one stays, yet the next error recorded replaces it (verified: a fail caught later
                // by another xor). An error passing out of the right side keeps it (a re-thrown :error: is the first).
                Pop(ref entry);
                if (ReferenceEquals(_error, _errorAtCatch))
                    _error = null;
                _errorLocked = false;
                _caughtByXor = null;
                return null;
            case Resumption.StreamRound:
                return RoundReturned((StreamFoldRun)entry.Target!);
            default:
                var popped = entry;
                Pop(ref entry);
                Cleanup(in popped);
                return null;
        }
    }

    /// <summary>A catch block's part: a par branch, xor's left side or a stream fold's round failed (the entry is on top).</summary>
    private AirInstruction? Catch(ref Continuation entry, AirExecutionException error)
    {
        switch (entry.Kind)
        {
            case Resumption.ParLeft:
                return StartParRight(ref entry, false, error);
            case Resumption.ParRight:
                Pop(ref entry);
                FinishPar(false, error);
                return null;
            case Resumption.XorLeft:
                _complete = true;
                // :error: stays the first error recorded (not necessarily this one: a par whose branches both failed
                // raises the right's, a stream fold swallows a round's), and the right side may record a new one.
                _lastErrorLocked = false;
                _errorLocked = false;
                (_caughtByXor, _errorAtCatch) = (error, _error);
                entry.Kind = Resumption.XorRight;
                return ((XorInstruction)entry.Instruction).Right;
            case Resumption.StreamRound:
                // Swallowed: the round ends there (later values of the round are not visited) and completeness
                // stays as the error left it, so a fold whose body failed may let the instruction after it run
                // (verified: match failing in a body, a lambda error, a call whose result fails as it arrives; fail itself
                // and a replayed failed call make the subgraph incomplete).
                return RoundReturned((StreamFoldRun)entry.Target!);
            default:
                throw new ArgumentOutOfRangeException(nameof(entry), entry.Kind.ToString());
        }
    }

    /// <summary>A finally block's part: runs when the entry's instruction returns or an error passes it (<paramref name="unwinding"/>; the entry is popped).</summary>
    private void Cleanup(in Continuation entry, bool unwinding = false)
    {
        switch (entry.Kind)
        {
            case Resumption.ParLeft or Resumption.ParRight:
                PopPar();
                return;
            case Resumption.NewScope:
                EndNew((NewInstruction)entry.Instruction, entry.Target);
                return;
            case Resumption.ValueFold:
                _folds.Remove((FoldFrame)entry.Target!);
                return;
            case Resumption.Iteration:
                CloseFrame(entry.OuterFrame);
                return;
            case Resumption.NextIteration:
                CloseFrame(entry.OuterFrame);
                UnhideFrame();
                ((FoldFrame)entry.Target!).Index--;
                return;
            case Resumption.StreamIteration:
                CloseFrame(entry.OuterFrame);
                EndStreamIteration((FoldFrame)entry.Target!, entry.LoreAt);
                return;
            case Resumption.StreamNextIteration:
                var frame = (FoldFrame)entry.Target!;
                CloseFrame(entry.OuterFrame);
                UnhideFrame();
                EndStreamIteration(frame, entry.LoreAt);
                frame.Index--;
                EndStreamNext(frame, entry.NextLoreAt, unwinding, entry.Instruction);
                return;
            case Resumption.StreamNext:
                EndStreamNext((FoldFrame)entry.Target!, entry.NextLoreAt, unwinding, entry.Instruction);
                return;
            case Resumption.StreamRound:
                var run = (StreamFoldRun)entry.Target!;
                if (run.Frame is not null)
                    _folds.Remove(run.Frame);
                FinishStreamFold(run);
                return;
            default:
                // seq and xor have nothing to undo.
                return;
        }
    }
}
