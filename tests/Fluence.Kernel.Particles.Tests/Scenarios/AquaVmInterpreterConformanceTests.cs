using Fluence.Kernel.Conformance;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Particles.Tests.Scenarios;

/// <summary>The real AquaVM passes the interpreter slot's conformance suite (the suite is checked against it here).</summary>
[Collection(AquaVmCollection.Name)]
public sealed class AquaVmInterpreterConformanceTests(AquaVmFixture aquaVm) : InterpreterConformance
{
    protected override IAirInterpreter Interpreter => aquaVm.Interpreter;
}
