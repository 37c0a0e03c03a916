using System.Text.Json.Nodes;
using Fluence.Kernel.Particles;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>How an execution error travels (aquavm.md §1.7): caught by xor, never caught, or waiting for a value.</summary>
public enum AirErrorKind
{
    Catchable,
    Uncatchable,
}

/// <summary>
/// An error raised while executing a script: AquaVM's code and message, and the error object that
/// <c>%last_error%</c> / <c>:error:</c> expose when it is caught.
/// </summary>
public sealed class AirExecutionException : Exception
{
    public AirExecutionException(int code, string message, AirErrorKind kind = AirErrorKind.Catchable, string? instruction = null, string? peerId = null)
        : base(message)
    {
        Code = code;
        Kind = kind;
        Instruction = instruction;
        PeerId = peerId;
    }

    public int Code { get; }

    public AirErrorKind Kind { get; }

    /// <summary>The failing instruction as AquaVM prints it (<c>call %init_peer_id% ("s" "f") [x] r</c>).</summary>
    public string? Instruction { get; set; }

    /// <summary>Set for call errors only (the peer that ran the service).</summary>
    public string? PeerId { get; set; }

    /// <summary>The origin of the error object as an argument: the failed call's tetraplet for service errors.</summary>
    public SecurityTetraplet? Tetraplet { get; init; }

    /// <summary>A <c>fail</c>'s own object, which becomes <c>%last_error%</c>.</summary>
    public JsonObject? UserObject { get; init; }

    /// <summary>The origin of <see cref="UserObject"/> as <c>%last_error%</c>: the failed value's tetraplet (<c>:error:</c> stays a literal).</summary>
    public SecurityTetraplet? UserTetraplet { get; init; }

    /// <summary>Raised by <c>(fail :error:)</c>.</summary>
    public bool Rethrown { get; init; }

    /// <summary>Errors of match/mismatch leave <c>%last_error%</c> alone, unless re-thrown by <c>(fail :error:)</c>.</summary>
    public bool AffectsLastError => Rethrown || Code is not (AquaErrorCodes.MatchValuesNotEqual or AquaErrorCodes.MismatchValuesEqual);

    public bool IsCatchable => Kind == AirErrorKind.Catchable;

    /// <summary>The <c>:error:</c> object: code, instruction, message, and the peer for call errors.</summary>
    public JsonObject ErrorObject()
    {
        var json = new JsonObject { ["error_code"] = Code };
        if (Instruction is not null)
            json["instruction"] = Instruction;
        json["message"] = Message;
        if (PeerId is not null)
            json["peer_id"] = PeerId;
        return json;
    }

    public static AirExecutionException Uncatchable(int code, string message) => new(code, message, AirErrorKind.Uncatchable);
}
