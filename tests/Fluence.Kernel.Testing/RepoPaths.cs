namespace Fluence.Kernel.Testing;

/// <summary>Locations in the repository and of the installed components, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    /// <summary>The repository root (the folder holding Fluence.Kernel.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Where eng/setup.sh installs components: $FLUENCE_COMPONENTS_DIR, else &lt;repo&gt;/.components.</summary>
    public static string ComponentsDir =>
        Environment.GetEnvironmentVariable("FLUENCE_COMPONENTS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Root, ".components");

    /// <summary>
    /// A path inside an installed component. A missing component fails the test with the command that installs it;
    /// it never skips silently.
    /// </summary>
    public static string Component(string name, params string[] relative)
    {
        var path = Path.Combine([ComponentsDir, name, .. relative]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException($"component '{name}' is not installed ({path} is missing); run eng/setup.sh");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fluence.Kernel.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Fluence.Kernel.sln above {AppContext.BaseDirectory}");
    }
}
