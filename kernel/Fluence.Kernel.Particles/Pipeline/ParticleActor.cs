using System.Diagnostics;
using System.Threading.Channels;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// Executes one particle in one scope. Its mailbox is bounded and drained by at most one run at a time, so two
/// interpreter runs of one actor never overlap. Each interpreter run takes one arrived copy (merged by the interpreter
/// with prev_data) together with every call result that came in meanwhile, or only results (with empty data), as Nox's
/// actor does. An idle actor holds no task or thread: a post schedules a drain on the thread pool when none is pending
/// (a peer keeps every actor until its particle's deadline, so idle actors are most of them).
/// </summary>
internal sealed class ParticleActor
{
    private readonly ParticlePlumber _plumber;
    private readonly Channel<ActorMessage> _mailbox;
    // Not linked to the peer's stop token: the plumber stops every actor itself when the peer stops.
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _token;
    private readonly ParticleDataKey _dataKey;
    private readonly Activity? _trace;
    private readonly ReadOnlyMemory<byte> _secretKey;
    private readonly Func<Task> _drain;
    private static readonly IReadOnlyDictionary<uint, CallServiceResult> NoResults = new Dictionary<uint, CallServiceResult>();
    private Particle _particle;
    private string? _vaultDirectory;
    // 1 while a drain is scheduled or running; whoever sets it schedules the drain.
    private int _draining;
    private Task _run = Task.CompletedTask;

    public ParticleActor(ParticlePlumber plumber, Particle particle, PeerScope scope, string signature, ReadOnlyMemory<byte> secretKey, int mailboxCapacity)
    {
        _plumber = plumber;
        _particle = particle;
        Scope = scope;
        Deadline = particle.Deadline;
        _dataKey = new ParticleDataKey(particle.Id, scope.PeerId.ToString(), signature);
        _secretKey = secretKey;
        _mailbox = Channel.CreateBounded<ActorMessage>(new BoundedChannelOptions(mailboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _token = _stopping.Token;
        _drain = DrainAsync;
        _trace = ParticleTelemetry.ActivitySource.StartActivity("particle", ActivityKind.Internal, parentContext: default);
        _trace?.SetTag("particle.id", particle.Id);
        _trace?.SetTag("particle.init_peer_id", particle.InitPeerId);
        _trace?.SetTag("peer.scope", scope.PeerId.ToString());
    }

    public PeerScope Scope { get; }

    /// <summary>Unix milliseconds after which the actor and its data are reaped.</summary>
    public ulong Deadline { get; }

    /// <summary>The particle's vault directory once a service call was given it; null while none was (so none can exist).</summary>
    public string? VaultDirectory => Volatile.Read(ref _vaultDirectory);

    public ParticleDataKey DataKey => _dataKey;

    public Particle Particle => _particle;

    /// <summary>Queues a message, waiting while the mailbox is full. False when the actor is already stopped.</summary>
    public async ValueTask<bool> PostAsync(ActorMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _mailbox.Writer.WriteAsync(message, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return false;
        }
        _plumber.Telemetry.Enqueued();
        ScheduleDrain();
        return true;
    }

    /// <summary>Queues a message without waiting; false when the mailbox is full or closed.</summary>
    public bool TryPost(ActorMessage message)
    {
        if (!_mailbox.Writer.TryWrite(message))
            return false;
        _plumber.Telemetry.Enqueued();
        ScheduleDrain();
        return true;
    }

    public async Task StopAsync()
    {
        _mailbox.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await Volatile.Read(ref _run);
        }
        catch (OperationCanceledException)
        {
        }
        while (_mailbox.Reader.TryRead(out _))
            _plumber.Telemetry.Dequeued();
        _trace?.Stop();
        _stopping.Dispose();
    }

    private void ScheduleDrain()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
            Volatile.Write(ref _run, Task.Run(_drain));
    }

    private async Task DrainAsync()
    {
        var token = _token;
        try
        {
            do
            {
                while (!token.IsCancellationRequested && await RunBatchAsync(token))
                {
                }
                Volatile.Write(ref _draining, 0);
                // A message posted between the last read and the reset above scheduled no drain: take it here.
            }
            while (!token.IsCancellationRequested && _mailbox.Reader.TryPeek(out _) && Interlocked.CompareExchange(ref _draining, 1, 0) == 0);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _plumber.Logger.LogError(e, "Actor of {Particle} in scope {Scope} failed", _particle, Scope.PeerId);
        }
    }

    /// <summary>
    /// Takes a batch (every call result now waiting and up to 16 copies that arrived with them) and interprets it; false
    /// when the mailbox was empty.
    /// </summary>
    private async Task<bool> RunBatchAsync(CancellationToken token)
    {
        Dictionary<uint, CallServiceResult>? results = null;
        List<Particle>? arrived = null;
        bool any = false;
        while ((arrived?.Count ?? 0) < 16 && _mailbox.Reader.TryRead(out var message))
        {
            any = true;
            _plumber.Telemetry.Dequeued();
            switch (message)
            {
                case ActorMessage.Arrived a: (arrived ??= []).Add(a.Particle); break;
                case ActorMessage.CallAnswered c: (results ??= [])[c.CallId] = c.Result; break;
            }
        }
        if (!any)
            return false;
        // Fresh collections per batch: the interpreter may hold on to them after its run.
        if (arrived is null)
        {
            await InterpretAsync(ReadOnlyMemory<byte>.Empty, results ?? NoResults, token);
            return true;
        }
        foreach (var copy in arrived)
        {
            _particle = copy;
            await InterpretAsync(copy.Data, results ?? NoResults, token);
            results = null;
        }
        return true;
    }

    private async Task InterpretAsync(ReadOnlyMemory<byte> currentData, IReadOnlyDictionary<uint, CallServiceResult> results, CancellationToken token)
    {
        var particle = _particle;
        var now = _plumber.Time.GetUtcNow();
        if (particle.IsExpired(now))
        {
            _plumber.Telemetry.Dropped(DropReasons.Expired);
            _plumber.Logger.LogDebug("Not interpreting expired {Particle}", particle);
            return;
        }
        using var activity = ParticleTelemetry.ActivitySource.StartActivity("interpret", ActivityKind.Internal, _trace?.Context ?? default);
        var parameters = new RunParameters(particle.InitPeerId, Scope.PeerId.ToString(), particle.Timestamp, particle.Ttl, 0,
            _secretKey, particle.Id);
        var invocation = new InterpreterInvocation(particle.Script, _plumber.DataStore.Read(_dataKey), currentData, parameters, results);
        long started = Stopwatch.GetTimestamp();
        InterpreterOutcome outcome;
        try
        {
            outcome = await _plumber.Interpreter.InvokeAsync(invocation, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _plumber.Telemetry.Interpreted(false, Stopwatch.GetElapsedTime(started));
            _plumber.Logger.LogError(e, "Interpreter failed on {Particle}", particle);
            return;
        }
        _plumber.Telemetry.Interpreted(outcome.IsSuccess, Stopwatch.GetElapsedTime(started));
        activity?.SetTag("avm.ret_code", outcome.RetCode);
        if (!outcome.IsSuccess)
        {
            _plumber.Logger.LogWarning("Interpreter returned {RetCode} on {Particle} in scope {Scope}: {Error}",
                outcome.RetCode, particle, Scope.PeerId, outcome.ErrorMessage);
        }
        // On uncatchable errors AquaVM returns the unchanged prev_data, so storing is always right.
        _plumber.DataStore.Write(_dataKey, outcome.Data);

        if (outcome.NextPeerPks.Count > 0)
            await _plumber.RouteAsync(particle with { Data = outcome.Data }, outcome.NextPeerPks, Scope, token);

        foreach (var (callId, request) in outcome.CallRequests)
            _ = ExecuteCallAsync(particle, callId, request, token);
    }

    private async Task ExecuteCallAsync(Particle particle, uint callId, CallRequest request, CancellationToken token)
    {
        CallServiceResult result;
        var budget = particle.TimeLeft(_plumber.Time.GetUtcNow());
        if (budget > _plumber.Options.ServiceCallTimeout)
            budget = _plumber.Options.ServiceCallTimeout;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(token))
        {
            timeout.CancelAfter(budget);
            var context = new ParticleContext(particle, _plumber.Scopes.Host.PeerId, Scope.PeerId, VaultFor(particle));
            var call = new ServiceCall(request.ServiceId, request.FunctionName, request.Arguments, request.Tetraplets, context);
            try
            {
                result = await _plumber.Executor.ExecuteAsync(call, timeout.Token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
        }
        try
        {
            await PostAsync(new ActorMessage.CallAnswered(callId, result), token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Computed for the first service call only: most actors never make one, and a reap then has no directory to look for.
    private string VaultFor(Particle particle)
    {
        if (Volatile.Read(ref _vaultDirectory) is { } known)
            return known;
        var computed = _plumber.Vault.DirectoryFor(particle, Scope);
        return Interlocked.CompareExchange(ref _vaultDirectory, computed, null) ?? computed;
    }
}
