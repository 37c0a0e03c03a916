using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Workers.Spells;
using Microsoft.Data.Sqlite;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary>
/// Turns the exceptions of a builtin's operations into call errors with their message (what Nox's <c>JError</c>
/// carries back to the script): argument, worker, spell and trigger-config errors are the caller's to read.
/// </summary>
public abstract class BuiltinServiceBase : IBuiltinService
{
    public abstract string ServiceId { get; }

    public async ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await DispatchAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BuiltinArgumentException or WorkerException or SpellException or TriggerConfigException or SqliteException)
        {
            return FunctionOutcome.Error(e.Message);
        }
    }

    protected abstract ValueTask<FunctionOutcome> DispatchAsync(ServiceCall call, CancellationToken cancellationToken);

    protected static FunctionOutcome Ok(JsonNode? value) => FunctionOutcome.Ok(value);
}
