namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>
/// The only exception <see cref="AirParser"/> throws for bad input: every error found (syntax errors stop parsing,
/// validation errors are all reported), in source order. AquaVM reports such a script with ret_code 1.
/// </summary>
public sealed class AirParseException : Exception
{
    public AirParseException(IReadOnlyList<AirParseError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    public IReadOnlyList<AirParseError> Errors { get; }

    /// <summary>The first error (there is always at least one).</summary>
    public AirParseError First => Errors[0];
}
