using System.Text.Json.Nodes;

namespace Fluence.Kernel.Builtins;

/// <summary>
/// The outcome of a builtin call: <see cref="NotDefined"/> falls through to the next handler (the lookup order of
/// Nox), <see cref="Empty"/> answers <c>""</c>, <see cref="Ok"/> answers a JSON value, <see cref="Error"/> fails the call.
/// </summary>
public abstract record FunctionOutcome
{
    private FunctionOutcome() { }

    public static FunctionOutcome NotDefined { get; } = new NotDefinedOutcome();
    public static FunctionOutcome Empty { get; } = new EmptyOutcome();
    public static FunctionOutcome Ok(JsonNode? value) => new OkOutcome(value);
    public static FunctionOutcome Error(string message) => new ErrorOutcome(message);

    public sealed record NotDefinedOutcome : FunctionOutcome;
    public sealed record EmptyOutcome : FunctionOutcome;
    public sealed record OkOutcome(JsonNode? Value) : FunctionOutcome;
    public sealed record ErrorOutcome(string Message) : FunctionOutcome;
}
