using Fluence.Kernel.Builtins;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Storage;

namespace Fluence.Kernel.Services.Builtins;

/// <summary>Common shape of <c>dist</c> and <c>srv</c>: a function table; failures become the call's error, never exceptions.</summary>
public abstract class ServicesBuiltin : IBuiltinService
{
    public abstract string ServiceId { get; }

    public async ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await CallFunctionAsync(call, new CallArguments(call.Arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ServiceException or WasmCallException or ContentStoreException or FormatException)
        {
            return FunctionOutcome.Error(ex.Message);
        }
    }

    private protected abstract ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, CallArguments args, CancellationToken cancellationToken);
}
