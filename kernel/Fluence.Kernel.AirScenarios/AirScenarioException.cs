namespace Fluence.Kernel.AirScenarios;

/// <summary>A scenario that cannot be run as written: malformed JSON, a missing field, an unknown peer or service spec.</summary>
public sealed class AirScenarioException(string message) : FormatException(message);
