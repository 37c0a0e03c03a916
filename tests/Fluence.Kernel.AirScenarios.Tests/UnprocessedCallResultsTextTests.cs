namespace Fluence.Kernel.AirScenarios.Tests;

public sealed class UnprocessedCallResultsTextTests
{
    private const string Prefix = "after finishing execution of supplied AIR, there are some unprocessed call results: `";
    private const string Suffix = "`, probably a wrong call_id used";

    [Fact]
    public void The_same_results_in_another_hash_map_order_have_one_canonical_text()
    {
        var a = Prefix + """{"10": CallServiceResult { ret_code: 1, result: "\"done\"" }, "9": CallServiceResult { ret_code: 0, result: "42" }}""" + Suffix;
        var b = Prefix + """{"9": CallServiceResult { ret_code: 0, result: "42" }, "10": CallServiceResult { ret_code: 1, result: "\"done\"" }}""" + Suffix;

        Assert.Equal(UnprocessedCallResultsText.Canonical(a), UnprocessedCallResultsText.Canonical(b));
    }

    [Fact]
    public void Commas_and_braces_inside_a_result_string_stay_in_their_entry()
    {
        var a = Prefix + """{"1": CallServiceResult { ret_code: 0, result: "{\"a\": 1, \"b\": [2, 3]}" }, "2": CallServiceResult { ret_code: 0, result: "\"x, }\"" }}""" + Suffix;
        var b = Prefix + """{"2": CallServiceResult { ret_code: 0, result: "\"x, }\"" }, "1": CallServiceResult { ret_code: 0, result: "{\"a\": 1, \"b\": [2, 3]}" }}""" + Suffix;

        Assert.Equal(UnprocessedCallResultsText.Canonical(a), UnprocessedCallResultsText.Canonical(b));
        Assert.Equal(a, UnprocessedCallResultsText.Canonical(a));
    }

    [Fact]
    public void Different_results_keep_different_texts()
    {
        var a = Prefix + """{"9": CallServiceResult { ret_code: 0, result: "42" }}""" + Suffix;
        var b = Prefix + """{"9": CallServiceResult { ret_code: 0, result: "43" }}""" + Suffix;

        Assert.NotEqual(UnprocessedCallResultsText.Canonical(a), UnprocessedCallResultsText.Canonical(b));
    }

    [Fact]
    public void Other_texts_are_left_as_they_are()
    {
        const string text = "call results [15, 16] were not processed";

        Assert.Same(text, UnprocessedCallResultsText.Canonical(text));
    }
}
