namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>
/// AquaVM's static checks (aquavm.md §1.2): scalars, canon streams, canon maps and folded streams must be defined
/// earlier in the text (as an output, a fold iterator or by <c>new</c>; see <see cref="Reduce"/> for the order AquaVM
/// checks them in, which lets some uses through); <c>next</c> must be
/// inside the fold of its iterator, at most once per fold, and in a stream fold nothing may follow it (no seq/par
/// left branch may hold it, nor may one have held a next of an earlier fold of the same iterator name); an active
/// iterator cannot be folded again or renewed; <c>(fail 0 …)</c> is rejected. Errors point at the whole instruction,
/// as AquaVM's do. Like AquaVM 0.62 (verified against it), the check skips canon peers, the value of a stream-map
/// <c>ap</c>, <c>fail</c> operands and the scalars inside <c>%last_error%</c>/<c>:error:</c> lambdas: those fail, if
/// at all, at run time.
/// </summary>
internal sealed class AirValidator
{
    private readonly LineMap _lines;
    private readonly List<AirParseError> _errors = [];
    // Each name's earliest definition met so far (its instruction's start), and the first use of each name that no
    // definition met then preceded.
    private readonly Dictionary<string, int> _defined = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AirInstruction> _unresolved = new(StringComparer.Ordinal);
    private readonly List<ActiveFold> _folds = [];
    // The seq/par instructions whose left branch is being walked: a stream fold's next may not be followed by anything.
    private readonly List<AirInstruction> _leftBranches = [];
    // The first seq/par met holding a next in its left branch within the next's fold, by iterator name, until a stream
    // fold of that name reports it: AquaVM keeps it by name, not by fold (verified: (fold arr j (seq (next j) (null)))
    // followed by (fold $s j (next j)) is rejected there, the error on the first fold's seq; a second stream fold j
    // reports only what was met after the first reported). Null until a next is met in a left branch.
    private Dictionary<string, AirInstruction>? _nextsInLeftBranches;

    private AirValidator(LineMap lines) => _lines = lines;

    public static IReadOnlyList<AirParseError> Validate(AirInstruction root, LineMap lines)
    {
        var validator = new AirValidator(lines);
        validator.Walk(root);
        validator.Reduce(root);
        foreach (var (name, at) in validator._unresolved)
        {
            if (!validator.DefinedBefore(name, at))
                validator.Report(at, $"variable '{name}' wasn't defined");
        }
        return validator._errors;
    }

    private void Report(AirInstruction at, string message) => _errors.Add(_lines.Error(at.Span, message));

    private void Walk(AirInstruction instruction)
    {
        switch (instruction)
        {
            case SeqInstruction s: WalkLeft(s, s.Left); Walk(s.Right); break;
            case ParInstruction p: WalkLeft(p, p.Left); Walk(p.Right); break;
            case XorInstruction x: Walk(x.Left); Walk(x.Right); break;
            case FoldInstruction f: WalkFold(f); break;
            case NextInstruction n: CheckNext(n); break;
            case NewInstruction n:
                if (_folds.Any(f => f.Iterator == n.Variable.Name))
                    Report(n, $"new can't be applied to a '{n.Variable.Name}' because it's an iterator");
                Walk(n.Body);
                break;
            case MatchInstruction m: Walk(m.Body); break;
            case MismatchInstruction m: Walk(m.Body); break;
            case FailInstruction f:
                if (f.Code == 0)
                    Report(f, "error code 0 with fail is unsupported");
                break;
        }
    }

    private void WalkLeft(AirInstruction parent, AirInstruction left)
    {
        _leftBranches.Add(parent);
        Walk(left);
        _leftBranches.RemoveAt(_leftBranches.Count - 1);
    }

    private void WalkFold(FoldInstruction fold)
    {
        var iterator = fold.Iterator.Name;
        if (_folds.Any(f => f.Iterator == iterator))
            Report(fold, $"multiple iterable values found for iterator name '{iterator}'");
        var active = new ActiveFold(iterator, _leftBranches.Count);
        _folds.Add(active);
        Walk(fold.Body);
        if (fold.Last is not null)
            Walk(fold.Last);
        _folds.Remove(active);
        if (fold.IsOverStream && _nextsInLeftBranches is not null && _nextsInLeftBranches.Remove(iterator, out var after))
            Report(after, "fold can not have instructions after next");
    }

    private void CheckNext(NextInstruction next)
    {
        var name = next.Iterator.Name;
        var fold = _folds.LastOrDefault(f => f.Iterator == name);
        if (fold is null)
            Report(next, $"iterable '{name}' wasn't defined");
        else if (++fold.Nexts > 1)
            Report(next, $"multiple next instructions for iterator '{name}' found for one fold, that is prohibited");
        else if (_leftBranches.Count > fold.LeftBranchesAtStart)
            (_nextsInLeftBranches ??= new(StringComparer.Ordinal)).TryAdd(name, _leftBranches[^1]);
    }

    /// <summary>
    /// Definitions and uses in the order AquaVM's parser meets them: an instruction after what it holds (a fold, new,
    /// match or mismatch after its body). A use needs a definition that starts earlier in the text; one that has none
    /// yet is kept, the first of its name only, and checked once more at the end against every definition (verified:
    /// (mismatch x 1 (new x (ap x $s))) and (match i 1 (fold a i (call … [i]))) parse, since the use inside the body
    /// stands for the operand's; (match x 1 (new x (null))) and (match x 1 (ap 1 x)) do not).
    /// </summary>
    private void Reduce(AirInstruction instruction)
    {
        switch (instruction)
        {
            case SeqInstruction s: Reduce(s.Left); Reduce(s.Right); break;
            case ParInstruction p: Reduce(p.Left); Reduce(p.Right); break;
            case XorInstruction x: Reduce(x.Left); Reduce(x.Right); break;
            case CallInstruction c:
                Use(c, c.PeerId);
                Use(c, c.ServiceId);
                Use(c, c.FunctionName);
                foreach (var argument in c.Arguments)
                    Use(c, argument);
                if (c.Output is not null)
                    Define(c.Output.Name, c);
                break;
            case ApInstruction a:
                Use(a, a.Argument);
                Define(a.Result.Name, a);
                break;
            case ApMapInstruction m:
                Use(m, m.Key);
                Define(m.Map.Name, m);
                break;
            case CanonInstruction c: Define(c.Canon.Name, c); break;
            case CanonMapInstruction c: Define(c.Canon.Name, c); break;
            case CanonMapToScalarInstruction c: Define(c.Scalar.Name, c); break;
            case FoldInstruction f:
                Reduce(f.Body);
                if (f.Last is not null)
                    Reduce(f.Last);
                if (f.IsOverStream)
                    RequireDefined(f, ((AirVariable)f.Iterable).Name);
                else
                    Use(f, f.Iterable);
                Define(f.Iterator.Name, f);
                break;
            case NewInstruction n: Reduce(n.Body); Define(n.Variable.Name, n); break;
            case MatchInstruction m: Reduce(m.Body); Use(m, m.Left); Use(m, m.Right); break;
            case MismatchInstruction m: Reduce(m.Body); Use(m, m.Left); Use(m, m.Right); break;
        }
    }

    private void Define(string name, AirInstruction at)
    {
        ref var start = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_defined, name, out var exists);
        if (!exists || at.Span.Start < start)
            start = at.Span.Start;
    }

    private bool DefinedBefore(string name, AirInstruction at) => _defined.TryGetValue(name, out var start) && start < at.Span.Start;

    private void Use(AirInstruction at, AirValue value)
    {
        switch (value)
        {
            case ScalarVariable s: RequireDefined(at, s.Name); UseLambda(at, s.Lambda); break;
            case CanonStreamVariable c: RequireDefined(at, c.Name); UseLambda(at, c.Lambda); break;
            case CanonStreamMapVariable m: RequireDefined(at, m.Name); UseLambda(at, m.Lambda); break;
        }
    }

    private void UseLambda(AirInstruction at, AirLambda? lambda)
    {
        if (lambda is not AccessorLambda accessors)
            return;
        foreach (var accessor in accessors.Accessors)
        {
            if (accessor is ScalarAccessor scalar)
                RequireDefined(at, scalar.ScalarName);
        }
    }

    private void RequireDefined(AirInstruction at, string name)
    {
        if (!DefinedBefore(name, at))
            _unresolved.TryAdd(name, at);
    }

    private sealed class ActiveFold(string iterator, int leftBranchesAtStart)
    {
        public string Iterator { get; } = iterator;
        public int LeftBranchesAtStart { get; } = leftBranchesAtStart;
        public int Nexts { get; set; }
    }
}
