using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles;

namespace Fluence.Kernel.AirScenarios.Tests;

public sealed class ServiceTableTests
{
    private static CallRequest Request(string service, string function, params JsonNode?[] arguments) =>
        new(service, function, arguments, arguments.Select(_ => (IReadOnlyList<SecurityTetraplet>)[]).ToList());

    private static ServiceTable Table(string json) => ServiceTable.FromJson(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void The_most_specific_key_answers_first()
    {
        var table = Table("""{"@A s.f": {"result": 1}, "@A s.*": {"result": 2}, "s.f": {"result": 3}, "s.*": {"result": 4}, "*.f": {"result": 5}, "*": {"result": 6}}""");
        var context = new ServiceCallContext();

        Assert.Equal("1", table.Answer("A", Request("s", "f"), context).Result);
        Assert.Equal("2", table.Answer("A", Request("s", "g"), context).Result);
        Assert.Equal("3", table.Answer("B", Request("s", "f"), context).Result);
        Assert.Equal("4", table.Answer("B", Request("s", "g"), context).Result);
        Assert.Equal("5", table.Answer("B", Request("t", "f"), context).Result);
        Assert.Equal("6", table.Answer("B", Request("return", ""), context).Result);
    }

    [Fact]
    public void Built_ins_answer_like_fluence_services_and_capture_returns()
    {
        var table = ServiceTable.Empty;
        var context = new ServiceCallContext();

        Assert.Equal(new CallServiceResult(0, "\"x\""), table.Answer("A", Request("op", "identity", "x"), context));
        Assert.Equal(new CallServiceResult(0, "{}"), table.Answer("A", Request("op", "identity"), context));
        Assert.Equal(new CallServiceResult(1, "\"identity accepts up to 1 arguments\""), table.Answer("A", Request("op", "identity", 1, 2), context));
        Assert.Equal(new CallServiceResult(0, "[1,\"a\"]"), table.Answer("A", Request("op", "array", 1, "a"), context));
        Assert.Equal(new CallServiceResult(0, "[1,2,3,[4]]"), table.Answer("A", Request("op", "concat", new JsonArray(1, 2), 3, new JsonArray(new JsonArray(4))), context));
        Assert.Equal(new CallServiceResult(0, "{}"), table.Answer("A", Request("op", "noop", 9), context));
        table.Answer("A", Request("return", "", "one"), context);
        table.Answer("A", Request("callbackSrv", "response", 1, 2), context);
        table.Answer("A", Request("errorHandlingSrv", "error", "e"), context);
        Assert.Equal("[\"one\",[1,2],\"e\"]", JsJson.Stringify(new JsonArray(context.Results.ToArray())));
    }

    [Fact]
    public void An_unknown_service_answers_js_clients_error()
    {
        var answer = ServiceTable.Empty.Answer("A", Request("nothing", "here", 1, "a"), new ServiceCallContext());

        Assert.Equal(1, answer.RetCode);
        Assert.Equal("\"No service found for service call: serviceId='nothing', fnName='here' args='[1,\\\"a\\\"]'\"", answer.Result);
    }

    [Fact]
    public void Failures_results_and_raw_text_carry_their_ret_codes()
    {
        var table = Table("""{"a.f": "fail", "a.g": {"fail": {"why": 1}}, "a.h": {"result": [1, 2.5], "ret_code": 7}, "a.r": {"raw": "{not json"}}""");
        var context = new ServiceCallContext();

        Assert.Equal(new CallServiceResult(1, "\"service failed\""), table.Answer("A", Request("a", "f"), context));
        Assert.Equal(new CallServiceResult(1, "{\"why\":1}"), table.Answer("A", Request("a", "g"), context));
        Assert.Equal(new CallServiceResult(7, "[1,2.5]"), table.Answer("A", Request("a", "h"), context));
        Assert.Equal(new CallServiceResult(0, "{not json"), table.Answer("A", Request("a", "r"), context));
    }

    [Fact]
    public void A_sequence_advances_per_call_repeats_its_last_spec_and_is_shared_by_identical_specs()
    {
        var table = Table("""{"a.f": {"sequence": [{"result": 1}, "fail", {"result": 3}]}, "b.f": {"sequence": [{"result": 1}, "fail", {"result": 3}]}}""");
        var context = new ServiceCallContext();

        var answers = new[] { ("a", "f"), ("b", "f"), ("a", "f"), ("b", "f") }.Select(c => table.Answer("A", Request(c.Item1, c.Item2), context)).ToList();

        Assert.Equal(new CallServiceResult[] { new(0, "1"), new(1, "\"service failed\""), new(0, "3"), new(0, "3") }, answers);
    }
}
