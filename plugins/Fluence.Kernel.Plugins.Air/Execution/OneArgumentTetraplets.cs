using Fluence.Kernel.Particles;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// The tetraplets of a call request with one argument that has one tetraplet (a fold's call on its iterator, the usual
/// request): the list of lists and its only list in one object, which is its own item. One small object per request
/// instead of two arrays, and no covariant store into an array of lists.
/// </summary>
internal sealed class OneArgumentTetraplets(SecurityTetraplet tetraplet) : IReadOnlyList<IReadOnlyList<SecurityTetraplet>>, IReadOnlyList<SecurityTetraplet>
{
    int IReadOnlyCollection<IReadOnlyList<SecurityTetraplet>>.Count => 1;

    int IReadOnlyCollection<SecurityTetraplet>.Count => 1;

    IReadOnlyList<SecurityTetraplet> IReadOnlyList<IReadOnlyList<SecurityTetraplet>>.this[int index] =>
        index == 0 ? this : throw new ArgumentOutOfRangeException(nameof(index));

    SecurityTetraplet IReadOnlyList<SecurityTetraplet>.this[int index] =>
        index == 0 ? tetraplet : throw new ArgumentOutOfRangeException(nameof(index));

    IEnumerator<IReadOnlyList<SecurityTetraplet>> IEnumerable<IReadOnlyList<SecurityTetraplet>>.GetEnumerator()
    {
        yield return this;
    }

    IEnumerator<SecurityTetraplet> IEnumerable<SecurityTetraplet>.GetEnumerator()
    {
        yield return tetraplet;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() =>
        ((IEnumerable<IReadOnlyList<SecurityTetraplet>>)this).GetEnumerator();
}
