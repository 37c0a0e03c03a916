using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air;

/// <summary>Configuration section <c>Air</c>.</summary>
public sealed class AirOptions
{
    /// <summary>How many distinct scripts keep their parse result.</summary>
    public int ParseCacheCapacity { get; set; } = AirParseCache.DefaultCapacity;
}
