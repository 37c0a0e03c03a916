namespace Fluence.Kernel.Testing;

/// <summary>
/// An AIR script that runs practically forever once it has its items: three nested folds over the array a first call
/// returns, 27 million iterations over <see cref="Items"/>. For tests of invocation timeouts and cancellation.
/// </summary>
public static class LoopingAir
{
    public const string Script = """
        (seq
          (call %init_peer_id% ("data" "items") [] items)
          (fold items i
            (seq
              (fold items j
                (seq
                  (fold items k
                    (seq
                      (null)
                      (next k)))
                  (next j)))
              (next i))))
        """;

    /// <summary>The first call's result that makes <see cref="Script"/> spin: 300 numbers.</summary>
    public static readonly string Items = "[" + string.Join(",", Enumerable.Range(0, 300)) + "]";
}
