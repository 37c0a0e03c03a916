using Fluence.Kernel.Hosting;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins;

namespace Fluence.Kernel.TestPlugins;

public sealed class TestInterpreterPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar) => registrar.Provide<IAirInterpreter, TestInterpreter>();
}

/// <summary>An interpreter that interprets nothing: it exists to take part in start order.</summary>
internal sealed class TestInterpreter(IPeerEnvironment environment) : RecordingLifecycle(environment, "test-interpreter"), IAirInterpreter
{
    public string Name => "test-interpreter";
    public string Version => "0.0.0";

    public ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the test interpreter runs no AIR");
}
