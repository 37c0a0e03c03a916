using System.Diagnostics;
using System.Threading.Channels;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// Executes one particle in one scope. Its mailbox is bounded and read by a single loop, so two interpreter runs of
/// one actor never overlap. Each run takes one arrived copy (merged by the interpreter with prev_data) together with
/// every call result that came in meanwhile, or only results (with empty data), as Nox's actor does.
/// </summary>
internal sealed class ParticleActor
{
    private readonly ParticlePlumber _plumber;
    private readonly Channel<ActorMessage> _mailbox;
    private readonly CancellationTokenSource _stopping;
    private readonly ParticleDataKey _dataKey;
    private readonly Activity? _trace;
    private readonly ReadOnlyMemory<byte> _secretKey;
    private static readonly IReadOnlyDictionary<uint, CallServiceResult> NoResults = new Dictionary<uint, CallServiceResult>();
    private Particle _particle;
    private Task _loop = Task.CompletedTask;

    public ParticleActor(ParticlePlumber plumber, Particle particle, PeerScope scope, int mailboxCapacity, CancellationToken peerStopping)
    {
        _plumber = plumber;
        _particle = particle;
        Scope = scope;
        Deadline = particle.Deadline;
        _dataKey = ParticleDataKey.For(particle, scope);
        _secretKey = scope.Key.Seed.ToArray();
        _mailbox = Channel.CreateBounded<ActorMessage>(new BoundedChannelOptions(mailboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(peerStopping);
        VaultDirectory = plumber.Vault.DirectoryFor(particle, scope);
        _trace = ParticleTelemetry.ActivitySource.StartActivity("particle", ActivityKind.Internal, parentContext: default);
        _trace?.SetTag("particle.id", particle.Id);
        _trace?.SetTag("particle.init_peer_id", particle.InitPeerId);
        _trace?.SetTag("peer.scope", scope.PeerId.ToString());
    }

    public PeerScope Scope { get; }

    /// <summary>Unix milliseconds after which the actor and its data are reaped.</summary>
    public ulong Deadline { get; }

    public string VaultDirectory { get; }

    public ParticleDataKey DataKey => _dataKey;

    public Particle Particle => _particle;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues a message, waiting while the mailbox is full. False when the actor is already stopped.</summary>
    public async ValueTask<bool> PostAsync(ActorMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _mailbox.Writer.WriteAsync(message, cancellationToken);
            _plumber.Telemetry.Enqueued();
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Queues a message without waiting; false when the mailbox is full or closed.</summary>
    public bool TryPost(ActorMessage message)
    {
        if (!_mailbox.Writer.TryWrite(message))
            return false;
        _plumber.Telemetry.Enqueued();
        return true;
    }

    public async Task StopAsync()
    {
        _mailbox.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        while (_mailbox.Reader.TryRead(out _))
            _plumber.Telemetry.Dequeued();
        _trace?.Stop();
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        var results = new Dictionary<uint, CallServiceResult>();
        var arrived = new List<Particle>();
        try
        {
            while (await _mailbox.Reader.WaitToReadAsync(token))
            {
                // Take a batch: every call result now waiting and the copies that arrived with them.
                while (arrived.Count < 16 && _mailbox.Reader.TryRead(out var message))
                {
                    _plumber.Telemetry.Dequeued();
                    switch (message)
                    {
                        case ActorMessage.Arrived a: arrived.Add(a.Particle); break;
                        case ActorMessage.CallAnswered c: results[c.CallId] = c.Result; break;
                    }
                }
                if (arrived.Count == 0)
                {
                    await InterpretAsync(ReadOnlyMemory<byte>.Empty, results, token);
                }
                foreach (var copy in arrived)
                {
                    _particle = copy;
                    await InterpretAsync(copy.Data, results, token);
                    results.Clear();
                }
                arrived.Clear();
                results.Clear();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _plumber.Logger.LogError(e, "Actor of {Particle} in scope {Scope} failed", _particle, Scope.PeerId);
        }
    }

    private async Task InterpretAsync(ReadOnlyMemory<byte> currentData, Dictionary<uint, CallServiceResult> results, CancellationToken token)
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
        // A copy: the loop reuses its dictionary for the next batch while the interpreter may still hold this one.
        var invocation = new InterpreterInvocation(particle.Script, _plumber.DataStore.Read(_dataKey), currentData, parameters,
            results.Count == 0 ? NoResults : new Dictionary<uint, CallServiceResult>(results));
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
            var context = new ParticleContext(particle, _plumber.Scopes.Host.PeerId, Scope.PeerId, VaultDirectory);
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
}
