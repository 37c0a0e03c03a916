using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles;
using Xunit;

namespace Fluence.Kernel.Conformance;

/// <summary>
/// What every <see cref="IAirInterpreter"/> must do: AIR scripts, the answers given to their call requests and the
/// results expected, as AquaVM 0.62 produces them. Single invocations check the outcome's shape; multi-peer cases run
/// a tiny in-memory network (each peer keeps its prev_data, answers its call requests from a table, forwards the data
/// to next peers) until nothing is left to do. A test class in the implementation's test project inherits this.
/// </summary>
public abstract class InterpreterConformance
{
    protected abstract IAirInterpreter Interpreter { get; }

    private static readonly IReadOnlyDictionary<uint, CallServiceResult> NoResults = new Dictionary<uint, CallServiceResult>();

    private static RunParameters Parameters(KeyPair current, PeerId init, string particleId = "conformance-particle") =>
        new(init.ToString(), current.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, current.Seed.ToArray(), particleId);

    private ValueTask<InterpreterOutcome> InvokeAsync(string air, KeyPair peer, ReadOnlyMemory<byte> prev = default, ReadOnlyMemory<byte> current = default,
        IReadOnlyDictionary<uint, CallServiceResult>? results = null, PeerId? init = null) =>
        Interpreter.InvokeAsync(new InterpreterInvocation(air, prev, current, Parameters(peer, init ?? peer.PeerId), results ?? NoResults), CancellationToken.None);

    [Fact]
    public async Task Null_succeeds_with_data_and_nothing_to_do()
    {
        using var peer = KeyPair.Generate();

        var outcome = await InvokeAsync("(null)", peer);

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        Assert.Empty(outcome.NextPeerPks);
        Assert.Empty(outcome.CallRequests);
    }

    [Fact]
    public async Task A_local_call_becomes_a_call_request_with_its_arguments_and_literal_tetraplets()
    {
        using var peer = KeyPair.Generate();

        var outcome = await InvokeAsync("""(call %init_peer_id% ("svc" "fn") ["text" 7 true %init_peer_id%] out)""", peer);

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        var request = Assert.Single(outcome.CallRequests).Value;
        Assert.Equal("svc", request.ServiceId);
        Assert.Equal("fn", request.FunctionName);
        Assert.Equal($"""["text",7,true,"{peer.PeerId}"]""", new JsonArray(request.Arguments.Select(a => a?.DeepClone()).ToArray()).ToJsonString());
        Assert.Equal(4, request.Tetraplets.Count);
        Assert.Equal(new SecurityTetraplet(peer.PeerId.ToString(), "", "", ""), Assert.Single(request.Tetraplets[0]));
    }

    [Fact]
    public async Task A_call_on_another_peer_names_it_as_next_peer_and_asks_nothing_locally()
    {
        using var peer = KeyPair.Generate();
        using var other = KeyPair.Generate();

        var outcome = await InvokeAsync($"""(call "{other.PeerId}" ("svc" "fn") [] out)""", peer);

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        Assert.Equal([other.PeerId.ToString()], outcome.NextPeerPks);
        Assert.Empty(outcome.CallRequests);
    }

    [Fact]
    public async Task A_call_result_flows_into_the_next_call_through_a_lambda_with_its_tetraplet()
    {
        using var peer = KeyPair.Generate();
        const string air = """
            (seq
             (call %init_peer_id% ("first" "get") [] x)
             (call %init_peer_id% ("second" "use") [x.$.name])
            )
            """;

        var first = await InvokeAsync(air, peer);
        var (id, _) = Assert.Single(first.CallRequests);
        var second = await InvokeAsync(air, peer, first.Data, default, new Dictionary<uint, CallServiceResult> { [id] = CallServiceResult.Ok("""{"name":"fluence"}""") });

        Assert.True(second.IsSuccess, second.ErrorMessage);
        var request = Assert.Single(second.CallRequests).Value;
        Assert.Equal("second", request.ServiceId);
        Assert.Equal("fluence", request.Arguments[0]!.GetValue<string>());
        Assert.Equal(new SecurityTetraplet(peer.PeerId.ToString(), "first", "get", ".$.name"), Assert.Single(request.Tetraplets[0]));
    }

    [Fact]
    public async Task A_script_that_does_not_parse_fails_with_code_1_and_keeps_prev_data()
    {
        using var peer = KeyPair.Generate();
        var prev = (await InvokeAsync("(null)", peer)).Data;

        var outcome = await InvokeAsync("(seq (null)", peer, prev);

        Assert.Equal(1, outcome.RetCode);
        Assert.NotEmpty(outcome.ErrorMessage);
        Assert.Equal(prev.ToArray(), outcome.Data.ToArray());
        Assert.Empty(outcome.CallRequests);
    }

    [Fact]
    public async Task Replaying_the_same_data_does_not_ask_for_the_same_call_again()
    {
        using var peer = KeyPair.Generate();
        const string air = """(call %init_peer_id% ("svc" "fn") [] x)""";

        var first = await InvokeAsync(air, peer);
        var again = await InvokeAsync(air, peer, first.Data, first.Data);

        Assert.Single(first.CallRequests);
        Assert.True(again.IsSuccess, again.ErrorMessage);
        Assert.Empty(again.CallRequests);
    }

    [Fact]
    public async Task Xor_catches_a_failed_call_and_exposes_the_error_object()
    {
        var network = new MiniNetwork(Interpreter, peers: 1);
        network.Answer("bad", "fn", _ => CallServiceResult.Error("\"boom\""));
        const string air = """
            (xor
             (call %init_peer_id% ("bad" "fn") [] x)
             (call %init_peer_id% ("callbackSrv" "response") [:error:])
            )
            """;

        var responses = await network.RunAsync(air);

        var error = Assert.Single(responses)[0]!;
        Assert.Equal(10000, error["error_code"]!.GetValue<long>());
        Assert.Equal("Local service error, ret_code is 1, error message is '\"boom\"'", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_fold_with_par_and_next_asks_for_every_element_at_once()
    {
        using var peer = KeyPair.Generate();
        const string air = """
            (seq
             (call %init_peer_id% ("data" "list") [] list)
             (fold list item
              (par
               (call %init_peer_id% ("svc" "visit") [item])
               (next item)
              )
             )
            )
            """;

        var first = await InvokeAsync(air, peer);
        var (id, _) = Assert.Single(first.CallRequests);
        var second = await InvokeAsync(air, peer, first.Data, default, new Dictionary<uint, CallServiceResult> { [id] = CallServiceResult.Ok("[1,2,3]") });

        Assert.True(second.IsSuccess, second.ErrorMessage);
        Assert.Equal([1L, 2L, 3L], second.CallRequests.Values.Select(r => r.Arguments[0]!.GetValue<long>()).Order());
    }

    [Fact]
    public async Task Ap_appends_to_a_stream_and_canon_fixes_its_values_in_order()
    {
        var network = new MiniNetwork(Interpreter, peers: 1);
        const string air = """
            (new $s
             (seq
              (seq
               (seq
                (ap "a" $s)
                (ap 2 $s)
               )
               (canon %init_peer_id% $s #collected)
              )
              (call %init_peer_id% ("callbackSrv" "response") [#collected #collected.length])
             )
            )
            """;

        var responses = await network.RunAsync(air);

        Assert.Equal("""["a",2]""", Assert.Single(responses)[0]!.ToJsonString());
        Assert.Equal(2, Assert.Single(responses)[1]!.GetValue<long>());
    }

    [Fact]
    public async Task Match_runs_its_body_only_for_equal_values_and_mismatch_only_for_different_ones()
    {
        var network = new MiniNetwork(Interpreter, peers: 1);
        const string air = """
            (seq
             (seq
              (xor (match 1 1 (ap "equal" r1)) (ap "not equal" r1))
              (xor (mismatch 1 1 (ap "different" r2)) (ap "same" r2))
             )
             (call %init_peer_id% ("callbackSrv" "response") [r1 r2 %ttl% %timestamp%])
            )
            """;

        var responses = await network.RunAsync(air);

        Assert.Equal("""["equal","same",60000,1700000000000]""", new JsonArray(Assert.Single(responses).Select(v => v?.DeepClone()).ToArray()).ToJsonString());
    }

    [Fact]
    public async Task A_particle_visits_two_peers_and_returns_with_both_results_merged()
    {
        var network = new MiniNetwork(Interpreter, peers: 3);
        network.Answer("who", "am_i", call => CallServiceResult.Ok($"\"{call.Peer}\""));
        var (a, b) = (network.PeerIds[1], network.PeerIds[2]);
        var air = $$"""
            (seq
             (seq
              (call "{{a}}" ("who" "am_i") [] ra)
              (call "{{b}}" ("who" "am_i") [] rb)
             )
             (call %init_peer_id% ("callbackSrv" "response") [ra rb])
            )
            """;

        var responses = await network.RunAsync(air);

        Assert.Equal($"""["{a}","{b}"]""", new JsonArray(Assert.Single(responses).Select(v => v?.DeepClone()).ToArray()).ToJsonString());
    }

    [Fact]
    public async Task Par_branches_on_several_peers_join_on_the_init_peer()
    {
        var network = new MiniNetwork(Interpreter, peers: 4);
        network.Answer("who", "am_i", call => CallServiceResult.Ok($"\"{call.Peer}\""));
        var others = network.PeerIds.Skip(1).ToArray();
        var air = $$"""
            (new $r
             (seq
              (par
               (call "{{others[0]}}" ("who" "am_i") [] $r)
               (par
                (call "{{others[1]}}" ("who" "am_i") [] $r)
                (call "{{others[2]}}" ("who" "am_i") [] $r)
               )
              )
              (new $r_test
               (seq
                (seq
                 (fold $r x
                  (seq
                   (seq
                    (ap x $r_test)
                    (canon %init_peer_id% $r_test #r_iter)
                   )
                   (xor
                    (match #r_iter.length 3
                     (null)
                    )
                    (next x)
                   )
                  )
                  (never)
                 )
                 (canon %init_peer_id% $r_test #r)
                )
                (call %init_peer_id% ("callbackSrv" "response") [#r])
               )
              )
             )
            )
            """;

        var responses = await network.RunAsync(air);

        Assert.Equal(others.Order(), Assert.Single(responses)[0]!.AsArray().Select(v => v!.GetValue<string>()).Order());
    }

    /// <summary>A call as <see cref="MiniNetwork"/> answers it.</summary>
    protected sealed record AnsweredCall(string Peer, CallRequest Request);

    /// <summary>
    /// Peers that run one particle to completion: peer 0 is the init peer; <c>callbackSrv.response</c> calls are
    /// collected; other calls are answered from the table (unknown ones fail).
    /// </summary>
    protected sealed class MiniNetwork(IAirInterpreter interpreter, int peers)
    {
        private readonly KeyPair[] _keys = Enumerable.Range(0, peers).Select(_ => KeyPair.Generate()).ToArray();
        private readonly Dictionary<(string, string), Func<AnsweredCall, CallServiceResult>> _answers = [];

        public IReadOnlyList<string> PeerIds => _keys.Select(k => k.PeerId.ToString()).ToArray();

        public void Answer(string service, string function, Func<AnsweredCall, CallServiceResult> answer) => _answers[(service, function)] = answer;

        public async Task<List<IReadOnlyList<JsonNode?>>> RunAsync(string air, int maxSteps = 500)
        {
            var responses = new List<IReadOnlyList<JsonNode?>>();
            var prev = new Dictionary<string, ReadOnlyMemory<byte>>();
            var work = new Queue<(int Peer, ReadOnlyMemory<byte> Data, IReadOnlyDictionary<uint, CallServiceResult> Results)>();
            work.Enqueue((0, ReadOnlyMemory<byte>.Empty, NoResults));
            var init = _keys[0].PeerId;
            for (int step = 0; work.Count > 0; step++)
            {
                Assert.True(step < maxSteps, "the script did not finish");
                var (peer, data, results) = work.Dequeue();
                var key = _keys[peer];
                var id = key.PeerId.ToString();
                var outcome = await interpreter.InvokeAsync(new InterpreterInvocation(air, prev.GetValueOrDefault(id), data, Parameters(key, init), results), CancellationToken.None);
                Assert.True(outcome.IsSuccess, $"{id}: {outcome.RetCode} {outcome.ErrorMessage}");
                prev[id] = outcome.Data;
                foreach (var next in outcome.NextPeerPks)
                {
                    int target = Array.FindIndex(_keys, k => k.PeerId.ToString() == next);
                    Assert.True(target >= 0, $"unknown next peer {next}");
                    work.Enqueue((target, outcome.Data, NoResults));
                }
                if (outcome.CallRequests.Count == 0)
                    continue;
                var answers = new Dictionary<uint, CallServiceResult>();
                foreach (var (callId, request) in outcome.CallRequests)
                {
                    if (request.ServiceId == "callbackSrv" && request.FunctionName == "response")
                    {
                        responses.Add(request.Arguments);
                        answers[callId] = CallServiceResult.Ok("\"\"");
                    }
                    else if (_answers.TryGetValue((request.ServiceId, request.FunctionName), out var answer))
                    {
                        answers[callId] = answer(new AnsweredCall(id, request));
                    }
                    else
                    {
                        answers[callId] = CallServiceResult.Error($"\"no answer for {request.ServiceId}.{request.FunctionName}\"");
                    }
                }
                work.Enqueue((peer, ReadOnlyMemory<byte>.Empty, answers));
            }
            return responses;
        }
    }
}
