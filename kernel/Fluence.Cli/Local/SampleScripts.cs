namespace Fluence.Cli.Local;

/// <summary>The AIR samples of <c>kernel/Fluence.Cli/samples</c>, shipped inside the tool as resources.</summary>
internal static class SampleScripts
{
    /// <summary>Fans out from the relay to every other peer and joins the greetings on the client.</summary>
    public const string Default = "greet-all.air";

    public static string Read(string name)
    {
        using var stream = typeof(SampleScripts).Assembly.GetManifestResourceStream($"samples/{name}")
            ?? throw new InvalidOperationException($"sample {name} is not embedded in the fluence tool");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
