using System.Diagnostics;
using System.Text.Json;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Builtins;
using Fluence.Kernel.Particles.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// Answers call requests in Nox's lookup order: the kernel's builtins, then builtins registered by plugins and
/// other services (both <see cref="IBuiltinService"/>, in registration order), then app services. A handler that
/// answers <see cref="FunctionOutcome.NotDefined"/> passes the call on; when nobody answers, the call fails with
/// Nox's message <c>Service with id '…' not found (function …)</c>.
/// </summary>
public sealed class ServiceCallExecutor : IServiceCallExecutor
{
    private readonly Dictionary<string, IBuiltinService[]> _builtins;
    private readonly IAppServiceCalls? _appServices;
    private readonly ParticleTelemetry _telemetry;
    private readonly ILogger<ServiceCallExecutor> _logger;

    public ServiceCallExecutor(IEnumerable<IBuiltinService> builtins, ParticleTelemetry telemetry, ILogger<ServiceCallExecutor> logger, IAppServiceCalls? appServices = null)
    {
        _builtins = builtins
            .Select((service, index) => (service, index))
            .OrderBy(x => x.service is KernelBuiltinService ? 0 : 1)
            .ThenBy(x => x.index)
            .GroupBy(x => x.service.ServiceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.service).ToArray(), StringComparer.Ordinal);
        _appServices = appServices;
        _telemetry = telemetry;
        _logger = logger;
    }

    public static string NotFoundMessage(string serviceId, string functionName) =>
        $"Service with id '{serviceId}' not found (function {functionName})";

    public async ValueTask<CallServiceResult> ExecuteAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        FunctionOutcome outcome;
        try
        {
            outcome = await LookupAsync(call, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = FunctionOutcome.Error($"Service call {call.ServiceId}.{call.FunctionName} timed out");
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Service call {Service}.{Function} of particle {ParticleId} failed", call.ServiceId, call.FunctionName, call.Context.Particle.Id);
            outcome = FunctionOutcome.Error(e.Message);
        }
        var result = ToCallResult(call, outcome);
        _telemetry.ServiceCalled(call.ServiceId, result.RetCode == 0, Stopwatch.GetElapsedTime(started));
        return result;
    }

    private async ValueTask<FunctionOutcome> LookupAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        if (_builtins.TryGetValue(call.ServiceId, out var services))
        {
            foreach (var service in services)
            {
                var outcome = await service.CallAsync(call, cancellationToken);
                if (outcome is not FunctionOutcome.NotDefinedOutcome)
                    return outcome;
            }
        }
        if (_appServices is not null)
            return await _appServices.CallAsync(call, cancellationToken);
        return FunctionOutcome.NotDefined;
    }

    internal static CallServiceResult ToCallResult(ServiceCall call, FunctionOutcome outcome) => outcome switch
    {
        FunctionOutcome.OkOutcome ok => CallServiceResult.Ok(ok.Value?.ToJsonString(Json) ?? "null"),
        FunctionOutcome.EmptyOutcome => CallServiceResult.Ok("\"\""),
        FunctionOutcome.ErrorOutcome error => CallServiceResult.Error(JsonSerializer.Serialize(error.Message, Json)),
        _ => CallServiceResult.Error(JsonSerializer.Serialize(NotFoundMessage(call.ServiceId, call.FunctionName), Json)),
    };

    /// <summary>JSON as serde_json writes it: only the escapes JSON requires (no <c>\u0027</c> for quotes).</summary>
    internal static JsonSerializerOptions Json { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
