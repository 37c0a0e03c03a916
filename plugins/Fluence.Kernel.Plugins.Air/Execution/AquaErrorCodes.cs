namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>AquaVM 0.62's error codes (aquavm.md §1.7).</summary>
public static class AquaErrorCodes
{
    public const int AirParse = 1;
    public const int DataDeserialization = 2;
    public const int EnvelopeDeserialization = 3;
    public const int UnsupportedInterpreterVersion = 6;
    public const int MalformedKey = 7;
    public const int CidStoreVerification = 8;
    public const int SignatureCheck = 9;
    public const int SizeLimits = 10;
    public const int CallResultsDeserialization = 5;

    public const int LocalServiceError = 10000;
    public const int MatchValuesNotEqual = 10001;
    public const int MismatchValuesEqual = 10002;
    public const int VariableNotFound = 10003;
    public const int IncompatibleJValueType = 10004;
    public const int FoldIteratesOverNonArray = 10005;
    public const int UserError = 10006;
    public const int LambdaApplierError = 10007;
    public const int InvalidErrorObject = 10008;
    public const int VariableNotInitializedAfterNew = 10009;
    public const int LengthFunctorAppliedToNotArray = 10010;
    public const int NonStringTripletPart = 10011;
    public const int StreamMapError = 10012;

    public const int TraceError = 20000;
    public const int IterableShadowing = 20004;
    public const int MultipleIterableValues = 20005;
    public const int CallResultNotMatchInstruction = 20006;
    public const int ShadowingNotAllowed = 20007;
    public const int ValueForCidNotFound = 20010;
    public const int MalformedCallServiceFailed = 20012;
    public const int StreamSizeLimit = 20013;
    public const int MapKey = 20014;
    public const int CanonScalarWithoutValue = 20016;
    public const int InstructionParametersMismatch = 20017;

    public const int UnprocessedCallResults = 30000;

    /// <summary>The ret_code AquaVM records for a call result that is not JSON.</summary>
    public const int InvalidResultRetCode = int.MaxValue;
}
