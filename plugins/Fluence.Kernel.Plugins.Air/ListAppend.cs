using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fluence.Kernel.Plugins.Air;

/// <summary>
/// Appends to a list whose element type is a base class or an interface (trace states, JSON nodes, tetraplet lists)
/// through a span over its array. <see cref="List{T}.Add"/> stores into the array, which takes the array covariance
/// check (a cast-cache lookup) for every item not exactly of the element type; a span checks the array's type once,
/// when it is made.
/// </summary>
internal static class ListAppend
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(List<T> list, T item)
    {
        var count = list.Count;
        CollectionsMarshal.SetCount(list, count + 1);
        CollectionsMarshal.AsSpan(list)[count] = item;
    }
}
