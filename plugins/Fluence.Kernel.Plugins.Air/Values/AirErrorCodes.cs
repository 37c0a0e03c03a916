namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>AquaVM's error codes (aquavm.md §1.7) that the value layer raises.</summary>
public static class AirErrorCodes
{
    public const int LambdaApplierError = 10007;
    public const int LengthFunctorAppliedToNotArray = 10010;
}
