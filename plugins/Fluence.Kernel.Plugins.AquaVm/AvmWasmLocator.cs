namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>Finds <c>avm.wasm</c> where <c>eng/setup.sh</c> installs it, unless configuration names a path.</summary>
public static class AvmWasmLocator
{
    /// <summary>Inside the components folder (the avm component installs npm aliases <c>avm-&lt;version&gt;</c>).</summary>
    public static readonly string RelativePath = Path.Combine("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm");

    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);
        if (Environment.GetEnvironmentVariable("FLUENCE_COMPONENTS_DIR") is { Length: > 0 } components)
            return Path.GetFullPath(Path.Combine(components, RelativePath));
        // The repository (tests, dotnet run) or an installed application carrying its own .components.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".components", RelativePath);
            if (File.Exists(candidate))
                return candidate;
        }
        return Path.Combine(AppContext.BaseDirectory, ".components", RelativePath);
    }

    /// <summary>The error for a missing file: names the path and how to install it.</summary>
    public static string MissingMessage(string path) =>
        $"AquaVM is not installed: '{path}' does not exist. Run eng/setup.sh (it installs npm @fluencelabs/avm 0.62.0) " +
        $"or set {AquaVmOptions.SectionName}:{nameof(AquaVmOptions.AvmWasmPath)} to an avm.wasm of version 0.62.0.";
}
