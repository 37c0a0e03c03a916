namespace Fluence.Kernel.Interpretation;

/// <summary>The answer to one call request. <paramref name="Result"/> is JSON text (a string result is quoted).</summary>
/// <param name="RetCode">0 = success; anything else is a service error and <paramref name="Result"/> the error value.</param>
public sealed record CallServiceResult(int RetCode, string Result)
{
    public static CallServiceResult Ok(string json) => new(0, json);
    public static CallServiceResult Error(string jsonError) => new(1, jsonError);
}
