namespace Fluence.Kernel.AirScenarios;

/// <summary>A run that could not finish; <see cref="Steps"/> are the invocations made before it stopped.</summary>
public sealed class ScenarioRunException(string message, IReadOnlyList<ScenarioStep> steps, Exception? inner = null)
    : Exception(message, inner)
{
    public IReadOnlyList<ScenarioStep> Steps { get; } = steps;
}
