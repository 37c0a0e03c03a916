namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>
/// The deadline of one invocation on one pooled instance, reused from invocation to invocation: one
/// CancellationTokenSource (and its timer) per instance instead of a linked source and a new timer per invocation.
/// The caller's token is linked for the duration of an invocation only.
/// </summary>
internal sealed class InvocationDeadline : IDisposable
{
    private CancellationTokenSource _source = new();

    /// <summary>Arms the deadline: cancelled after <paramref name="timeout"/> or when <paramref name="caller"/> is.</summary>
    public Armed Arm(TimeSpan timeout, CancellationToken caller)
    {
        var source = _source;
        var link = caller.CanBeCanceled
            ? caller.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source)
            : default;
        source.CancelAfter(timeout);
        return new Armed(this, source, link);
    }

    // Disarms after the invocation; a source that fired (or cannot be reset) is replaced by a fresh one.
    private void Disarm(CancellationTokenSource source, CancellationTokenRegistration link)
    {
        link.Dispose();
        if (!source.TryReset())
        {
            _source = new CancellationTokenSource();
            source.Dispose();
        }
    }

    public void Dispose() => _source.Dispose();

    /// <summary>An armed deadline; disposing it disarms it for the next invocation.</summary>
    public readonly struct Armed(InvocationDeadline owner, CancellationTokenSource source, CancellationTokenRegistration link) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose() => owner.Disarm(source, link);
    }
}
