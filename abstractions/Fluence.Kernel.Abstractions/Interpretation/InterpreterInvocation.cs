namespace Fluence.Kernel.Interpretation;

/// <param name="PrevData">This peer's stored data for the particle (empty on first contact).</param>
/// <param name="CurrentData">Data that just arrived with the particle; empty when only delivering call results.</param>
/// <param name="CallResults">Answers to earlier call requests, by request id.</param>
public sealed record InterpreterInvocation(
    string Air,
    ReadOnlyMemory<byte> PrevData,
    ReadOnlyMemory<byte> CurrentData,
    RunParameters Parameters,
    IReadOnlyDictionary<uint, CallServiceResult> CallResults);
