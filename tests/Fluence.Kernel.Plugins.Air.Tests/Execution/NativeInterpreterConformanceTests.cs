using Fluence.Kernel.Conformance;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>The interpreter slot's conformance suite on the native interpreter.</summary>
public sealed class NativeInterpreterConformanceTests : InterpreterConformance
{
    protected override IAirInterpreter Interpreter { get; } = new NativeAirInterpreter(new AirParseCache());

    [Fact]
    public void The_interpreter_names_itself_native_and_claims_aquavm_0_62()
    {
        Assert.Equal("native", Interpreter.Name);
        Assert.Equal("0.62.0", Interpreter.Version);
    }
}
