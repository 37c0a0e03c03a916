using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air;

/// <summary>Configuration section <c>Air</c>.</summary>
public sealed class AirOptions
{
    /// <summary>How many distinct scripts keep their parse result.</summary>
    public int ParseCacheCapacity { get; set; } = AirParseCache.DefaultCapacity;

    /// <summary>
    /// An invocation whose folds run longer is stopped (the interpreter throws <see cref="TimeoutException"/>; the
    /// pipeline drops that run and keeps serving): nested folds over large values can run practically forever.
    /// </summary>
    public TimeSpan InvocationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
