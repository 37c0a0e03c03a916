using System.Text;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// A service's result as AquaVM receives it: the host sends UTF-8, in which every lone surrogate of the .NET string has
/// become U+FFFD, so AquaVM reads (and stores, and quotes in errors) the replaced text (Differential/LoneSurrogateResultTests).
/// </summary>
internal static class WellFormedText
{
    /// <summary>The text with each lone surrogate replaced by U+FFFD, or null when it has none.</summary>
    public static string? Replaced(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
            return null;
        var replaced = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
        return replaced == text ? null : replaced;
    }
}
