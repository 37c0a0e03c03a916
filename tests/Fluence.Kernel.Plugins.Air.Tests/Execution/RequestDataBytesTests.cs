using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// Data that only sends requests has empty CID stores, so nothing in it depends on AquaVM's hash-map order: the native
/// interpreter must write the very bytes AquaVM writes — including one shared copy of the current peer id for all
/// the call and canon requests it sends (AquaVM's one <c>Rc</c>).
/// </summary>
public sealed class RequestDataBytesTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private static readonly KeyPair Me = Key("me");
    private static readonly KeyPair Other = Key("other");
    private readonly NativeAirInterpreter _native = new(new AirParseCache());

    private static KeyPair Key(string name) => KeyPair.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("native-air-request-bytes:" + name)));

    private async Task<(byte[] AquaVm, byte[] Native)> BothAsync(string air, int results = 0)
    {
        var parameters = new RunParameters(Me.PeerId.ToString(), Me.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, Me.Seed.ToArray(), "bytes-particle");
        var first = new InterpreterInvocation(air, default, default, parameters, new Dictionary<uint, CallServiceResult>());
        var expected = await aquaVm.Interpreter.InvokeAsync(first, CancellationToken.None);
        var native = await _native.InvokeAsync(first, CancellationToken.None);
        Assert.True(expected.IsSuccess, expected.ErrorMessage);
        Assert.True(native.IsSuccess, native.ErrorMessage);
        return (expected.Data.ToArray(), native.Data.ToArray());
    }

    [Fact]
    public async Task Local_call_requests_are_written_byte_for_byte_as_AquaVM_writes_them()
    {
        var (expected, native) = await BothAsync("""
            (seq (call %init_peer_id% ("s" "values") [] arr)
                 (par (call %init_peer_id% ("s" "f") [1] $r) (par (call %init_peer_id% ("s" "f") [2] $r) (call %init_peer_id% ("s" "f") [3] $r))))
            """);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(native));
    }

    [Fact]
    public async Task Remote_calls_and_canons_share_the_sender_as_AquaVM_does()
    {
        var (expected, native) = await BothAsync($$"""
            (par (call "{{Other.PeerId}}" ("s" "f") [] x)
                 (par (call "{{Other.PeerId}}" ("s" "g") [] y)
                      (par (canon "{{Other.PeerId}}" $s #c) (call %init_peer_id% ("s" "h") [] z))))
            """);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(native));
    }
}
