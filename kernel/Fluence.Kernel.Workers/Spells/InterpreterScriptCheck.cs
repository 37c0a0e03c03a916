using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// Parses a spell script with the peer's own interpreter (AquaVM is the reference parser): one dry run on empty data
/// under a throwaway identity. The run executes no call (call requests are dropped), and only AquaVM's parse failure
/// (ret_code 1, which also covers undefined variables) refuses the script. Without an interpreter nothing is checked
/// beyond <see cref="AirScriptShape"/>.
/// </summary>
public sealed class InterpreterScriptCheck(IEnumerable<IAirInterpreter> interpreters) : ISpellScriptCheck, IDisposable
{
    /// <summary>AquaVM's ret_code for a script that does not parse (aquavm.md §1.7).</summary>
    public const long ParseErrorCode = 1;

    private readonly IAirInterpreter? _interpreter = interpreters.FirstOrDefault();
    private readonly KeyPair _identity = KeyPair.Generate();

    public async ValueTask<string?> FindErrorAsync(string script, CancellationToken cancellationToken)
    {
        if (_interpreter is null)
            return null;
        var peer = _identity.PeerId.ToString();
        var parameters = new RunParameters(peer, peer, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1_000, 0,
            _identity.Seed.ToArray(), "spell-script-check");
        var outcome = await _interpreter.InvokeAsync(
            new InterpreterInvocation(script, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, parameters, new Dictionary<uint, CallServiceResult>()),
            cancellationToken).ConfigureAwait(false);
        return outcome.RetCode == ParseErrorCode ? outcome.ErrorMessage : null;
    }

    public void Dispose() => _identity.Dispose();
}
