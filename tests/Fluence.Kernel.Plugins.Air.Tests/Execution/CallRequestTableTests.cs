using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Execution;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

public sealed class CallRequestTableTests
{
    private static CallRequest Request(string function) => new("svc", function, [], []);

    [Fact]
    public void Requests_are_found_by_their_ids_and_listed_in_id_order()
    {
        var table = new CallRequestTable();
        table.Add(7, Request("a"));
        table.Add(8, Request("b"));
        table.Add(9, Request("c"));

        Assert.Equal(3, table.Count);
        Assert.Equal("b", table[8].FunctionName);
        Assert.True(table.ContainsKey(9));
        Assert.False(table.ContainsKey(6));
        Assert.False(table.TryGetValue(10, out _));
        Assert.Throws<KeyNotFoundException>(() => table[5]);
        Assert.Equal([7u, 8u, 9u], table.Keys);
        Assert.Equal(["a", "b", "c"], table.Select(p => p.Value.FunctionName));
    }

    [Fact]
    public void Ids_may_wrap_around_the_largest_call_id()
    {
        var table = new CallRequestTable();
        table.Add(uint.MaxValue, Request("last"));
        table.Add(0, Request("first"));

        Assert.Equal("first", table[0].FunctionName);
        Assert.Equal([uint.MaxValue, 0u], table.Keys);
    }

    [Fact]
    public void An_id_that_does_not_follow_the_last_one_is_refused()
    {
        var table = new CallRequestTable();
        table.Add(1, Request("a"));

        Assert.Throws<InvalidOperationException>(() => table.Add(3, Request("b")));
    }

    [Fact]
    public void An_empty_table_has_no_request()
    {
        var table = new CallRequestTable();

        Assert.Empty(table);
        Assert.False(table.ContainsKey(0));
    }
}
