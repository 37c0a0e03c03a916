using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary>
/// <c>vault</c>: files in the particle's scratch directory, which lives as long as the particle on this peer.
/// Paths are absolute paths inside that directory; anything outside it is refused.
/// </summary>
public sealed class VaultBuiltin : KernelBuiltinService
{
    public override string ServiceId => "vault";

    protected override async ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        var vault = call.Context.VaultDirectory;
        switch (call.FunctionName)
        {
            case "put":
            {
                var data = args.NextString("data");
                Directory.CreateDirectory(vault);
                var path = Path.Combine(vault, Guid.NewGuid().ToString());
                await File.WriteAllTextAsync(path, data, cancellationToken);
                return FunctionOutcome.Ok(path);
            }
            case "cat":
            {
                var path = Path.GetFullPath(args.NextString("path"));
                var root = Path.GetFullPath(vault) + Path.DirectorySeparatorChar;
                if (!path.StartsWith(root, StringComparison.Ordinal))
                    return FunctionOutcome.Error($"path '{path}' is outside the particle's vault");
                if (!File.Exists(path))
                    return FunctionOutcome.Error($"file '{path}' does not exist in the particle's vault");
                return FunctionOutcome.Ok(await File.ReadAllTextAsync(path, cancellationToken));
            }
            default:
                return FunctionOutcome.NotDefined;
        }
    }
}
