namespace Fluence.Cli.Commands;

/// <summary>The arguments of <c>fluence air run</c>.</summary>
/// <param name="PeerInterpreters"><c>NAME=INTERPRETER</c> items overriding <paramref name="Interpreter"/> for single peers.</param>
/// <param name="Overrides">Unmatched <c>--Section:Key=value</c> tokens, applied to the interpreter hosts.</param>
internal sealed record AirRunRequest(
    string ScenarioFile,
    string Interpreter,
    IReadOnlyList<string> PeerInterpreters,
    bool Json,
    int MaxSteps,
    IReadOnlyList<string> Overrides);
