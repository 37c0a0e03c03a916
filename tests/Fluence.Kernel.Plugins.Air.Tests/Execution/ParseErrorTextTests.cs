using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// A script that does not parse fails with AquaVM's text: its codespan-style report (header, gutter, carets, labels
/// over several lines), as the outcome's error message is part of the outcome.
/// </summary>
public sealed class ParseErrorTextTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private static readonly KeyPair Me = KeyPair.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("native-air-parse-error-text")));
    private readonly NativeAirInterpreter _native = new(new AirParseCache());

    private const string Return = "(call %init_peer_id% (\"return\" \"\") [{0}])";

    // One error or several on distinct lines or starts: AquaVM orders several errors at random (its validator keeps
    // them in a hash map), which shows only in the columns of labels over several lines and in labels sharing a start.
    public static TheoryData<string> Scripts() => new()
    {
        "(seq (call %init_peer_id% (\"op\" \"identity\") [1] x)",
        "(call %init_peer_id% (\"return\" \"\") [nowhere])",
        "(seq\n (call %init_peer_id% (\"op\" \"identity\") [1] x)\n (call %init_peer_id%\n   (\"return\" \"\")\n   [y])\n)",
        new string('\n', 9) + string.Format(Return, "nowhere"),
        new string('\n', 98) + "(seq (null)\n" + string.Format(Return, "nowhere") + ")",
        "\t" + string.Format(Return, "nowhere"),
        "(seq\t(null)\t" + string.Format(Return, "nowhere") + ")",
        "(seq (null)\n\t(call %init_peer_id%\n\t\t(\"a\" \"b\") [a]))",
        "(seq (call %init_peer_id% (\"é\" \"ü\") [] x) " + string.Format(Return, "nowhere") + ")",
        "(seq (call %init_peer_id% (\"😀\" \"\") [] x) " + string.Format(Return, "nowhere") + ")",
        "(seq " + string.Format(Return, "a") + " " + string.Format(Return, "b") + ")",
        "(seq " + string.Format(Return, "a") + "\n (seq (null)\n  " + string.Format(Return, "b") + "))",
        "(seq " + string.Format(Return, "a") + "\n (seq (null)\n  (seq (null)\n  " + string.Format(Return, "b") + ")))",
        "(seq (next i) (seq (next j) (next k)))",
        "(seq\r\n(null)\r\n" + string.Format(Return, "nowhere") + ")",
        "(seq (null) (null)",
        "(seq (null) (null)\n\n\n",
        "(seq (null) (null)) )",
        "(seq (null) (null)) \n  x",
        "(sq (null) (null))",
        "(seq " + string.Format(Return, "nowhere") + " (null)) (null)",
        "(seq " + string.Format(Return, "a") + "\n " + string.Format(Return, "b") + ")\n x y",
        "(seq (next i) (null)) (null)",
        "",
        "   ",
        "(seq (null) \"unterminated)",
        "(call %init_peer_id% (\"a\" \"b\") [$$s])",
        "(fold [] i (seq (next i) (next i)))",
        "(call %init_peer_id% (\"a\" \"b\") [-99999999999999999999])",
        "(ap 123456789012.5 x)",
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task A_script_that_does_not_parse_fails_with_AquaVMs_report(string air)
    {
        var invocation = new InterpreterInvocation(air, default, default,
            new RunParameters(Me.PeerId.ToString(), Me.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, Me.Seed.ToArray(), "parse-error-text"),
            new Dictionary<uint, CallServiceResult>());

        var expected = await aquaVm.Interpreter.InvokeAsync(invocation, CancellationToken.None);
        var native = await _native.InvokeAsync(invocation, CancellationToken.None);

        Assert.Equal(1, expected.RetCode);
        Assert.Equal((expected.RetCode, expected.ErrorMessage), (native.RetCode, native.ErrorMessage));
    }
}
