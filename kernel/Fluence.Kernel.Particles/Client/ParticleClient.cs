using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Telemetry;
using Fluence.Kernel.Particles.Wire;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Particles.Client;

/// <summary>
/// A client like js-client: its own key, connected to one relay. It signs particles, runs its own part of each
/// script on its interpreter (the same actor pipeline as a peer, with the client's local services instead of
/// builtins), sends every outgoing particle to the relay, and returns what the script hands to
/// <c>callbackSrv.response</c>.
/// </summary>
public sealed class ParticleClient : IAsyncDisposable
{
    private readonly ITransport _transport;
    private readonly ParticleCodec _codec;
    private readonly ClientServiceCalls _calls;
    private readonly ParticlePlumber _plumber;
    private readonly ParticleTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClientScopes _scopes;
    private readonly ParticlePipelineOptions _options;
    private CancellationTokenSource? _running;
    private Task _work = Task.CompletedTask;

    public ParticleClient(
        KeyPair key,
        ITransport transport,
        PeerId relay,
        IAirInterpreter interpreter,
        string scratchDirectory,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        ParticlePipelineOptions? options = null)
    {
        Key = key;
        Relay = relay;
        _transport = transport;
        _time = time ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<ParticleClient>();
        options ??= new ParticlePipelineOptions { IntakeParallelism = 2 };
        _codec = new ParticleCodec(options.MaxFrameSize);
        _scopes = new ClientScopes(key);
        _calls = new ClientServiceCalls(relay.ToString());
        _telemetry = new ParticleTelemetry(key.PeerId.ToString(), () => _plumber?.ActiveActors ?? 0);
        var sender = new RelayOnlySender(new TransportParticleSender(transport, _codec, _telemetry, loggerFactory.CreateLogger<TransportParticleSender>()), relay);
        _plumber = new ParticlePlumber(_scopes, new FailFastInterpreter(interpreter, _calls), _calls, sender, new InMemoryParticleDataStore(),
            new ParticleVault(scratchDirectory), _telemetry, Options.Create(options), _time, loggerFactory.CreateLogger<ParticlePlumber>());
        _options = options;
    }

    public KeyPair Key { get; }

    public PeerId PeerId => Key.PeerId;

    public PeerId Relay { get; }

    /// <summary>The default TTL of a call (Fluence CLI's default).</summary>
    public static TimeSpan DefaultTtl { get; } = TimeSpan.FromSeconds(15);

    public void Start()
    {
        if (_running is not null)
            return;
        _running = new CancellationTokenSource();
        var intake = new ParticleIntake(_transport.Inbound, _codec, _plumber, _scopes.Host, _telemetry, _logger);
        _work = Task.WhenAll(intake.RunAsync(_options.IntakeParallelism, _running.Token), ReapAsync(_running.Token));
    }

    /// <summary>
    /// Sends <paramref name="air"/> as a new particle and waits for <c>callbackSrv.response</c>. Throws
    /// <see cref="ParticleScriptException"/> when the script calls <c>errorHandlingSrv.error</c>,
    /// <see cref="AirExecutionException"/> when the client's own interpreter run fails, and
    /// <see cref="TimeoutException"/> when the particle expires first.
    /// </summary>
    public async Task<JsonNode?> ExecuteAsync(string air, IReadOnlyDictionary<string, JsonNode?>? data = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        Start();
        var particle = ParticleSigner.Create(Key, air, ttl ?? DefaultTtl, _time.GetUtcNow());
        var session = new ClientSession(data ?? new Dictionary<string, JsonNode?>());
        var sessionKey = ClientServiceCalls.SessionKey(particle);
        _calls.Sessions[sessionKey] = session;
        _calls.SessionsByParticleId[particle.Id] = session;
        try
        {
            if (!await _plumber.IngestAsync(particle, _scopes.Host, cancellationToken))
                throw new InvalidOperationException($"the client could not start {particle}");
            try
            {
                return await session.Result.Task.WaitAsync(particle.TimeLeft(_time.GetUtcNow()), _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{particle} expired after {particle.Ttl} ms without a response");
            }
        }
        finally
        {
            _calls.Sessions.TryRemove(sessionKey, out _);
            _calls.SessionsByParticleId.TryRemove(particle.Id, out _);
        }
    }

    /// <summary>Sends an already built particle to the relay as it is (tests: forged or replayed particles).</summary>
    public async ValueTask SendRawAsync(Particle particle, CancellationToken cancellationToken = default) =>
        await _transport.SendAsync(Relay, _codec.Encode(particle), cancellationToken);

    private async Task ReapAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ReapInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await _plumber.ReapExpiredAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is not null)
        {
            await _running.CancelAsync();
            await _work;
            _running.Dispose();
        }
        await _plumber.DisposeAsync();
        _telemetry.Dispose();
    }
}
