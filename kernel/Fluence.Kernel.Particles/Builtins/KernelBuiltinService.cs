using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary>
/// A builtin of the kernel itself (<c>peer</c>, <c>op</c>, <c>math</c>, …). These come first in the lookup order,
/// before builtins that plugins register; a function a kernel builtin does not know falls through to them.
/// </summary>
public abstract class KernelBuiltinService : IBuiltinService
{
    public abstract string ServiceId { get; }

    public async ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await CallFunctionAsync(call, new BuiltinArguments(call.Arguments), cancellationToken);
        }
        catch (BuiltinArgumentException e)
        {
            return FunctionOutcome.Error(e.Message);
        }
    }

    protected abstract ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken);

    protected static ValueTask<FunctionOutcome> Ok(System.Text.Json.Nodes.JsonNode? value) => ValueTask.FromResult(FunctionOutcome.Ok(value));

    protected static ValueTask<FunctionOutcome> Error(string message) => ValueTask.FromResult(FunctionOutcome.Error(message));

    protected static ValueTask<FunctionOutcome> NotDefined => ValueTask.FromResult(FunctionOutcome.NotDefined);

    protected static ValueTask<FunctionOutcome> Empty => ValueTask.FromResult(FunctionOutcome.Empty);
}
