namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// Asked before a spell script is stored: a script the interpreter cannot parse (an AIR keyword as a variable name,
/// an undefined variable, …) is refused with the parser's error instead of failing silently on every firing.
/// </summary>
public interface ISpellScriptCheck
{
    /// <summary>The parser's error, or null when the script parses.</summary>
    ValueTask<string?> FindErrorAsync(string script, CancellationToken cancellationToken);
}
