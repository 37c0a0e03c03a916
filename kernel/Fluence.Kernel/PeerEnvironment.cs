using Fluence.Kernel.Host.Configuration;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Host;

/// <summary>
/// The host's identity and places. The key comes from <c>Peer:SecretKey</c> or, when absent, from
/// <c>DataDir/secret_key.ed25519</c> (base64 seed, as Nox keeps it), generated and written there on first start.
/// </summary>
public sealed class PeerEnvironment : IPeerEnvironment, IDisposable
{
    public const string SecretKeyFileName = "secret_key.ed25519";

    public PeerEnvironment(KeyPair hostKey, string dataDirectory, TimeProvider time)
    {
        HostKey = hostKey;
        DataDirectory = dataDirectory;
        Time = time;
    }

    public KeyPair HostKey { get; }
    public PeerId HostId => HostKey.PeerId;
    public string DataDirectory { get; }
    public TimeProvider Time { get; }

    /// <exception cref="PeerConfigurationException">The configured or stored key is invalid, or the data dir cannot be created.</exception>
    public static PeerEnvironment Create(PeerSettings settings, TimeProvider? time = null)
    {
        var dataDir = settings.DataDirectory;
        try
        {
            Directory.CreateDirectory(dataDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PeerConfigurationException($"{PeerSettings.SectionName}:DataDir: cannot create {dataDir}: {ex.Message}");
        }
        return new PeerEnvironment(LoadKey(settings, dataDir), dataDir, time ?? TimeProvider.System);
    }

    private static KeyPair LoadKey(PeerSettings settings, string dataDir)
    {
        if (!string.IsNullOrWhiteSpace(settings.SecretKey))
        {
            try
            {
                return KeyPair.FromBase64(settings.SecretKey);
            }
            catch (FormatException ex)
            {
                throw new PeerConfigurationException($"{PeerSettings.SectionName}:SecretKey: {ex.Message} (expected the base64 of a 32-byte Ed25519 seed)");
            }
        }
        var path = Path.Combine(dataDir, SecretKeyFileName);
        if (File.Exists(path))
        {
            try
            {
                return KeyPair.FromBase64(File.ReadAllText(path));
            }
            catch (FormatException ex)
            {
                throw new PeerConfigurationException($"{path}: {ex.Message} (expected the base64 of a 32-byte Ed25519 seed; delete the file to generate a new key)");
            }
        }
        var key = KeyPair.Generate();
        try
        {
            File.WriteAllText(path, key.ToBase64());
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PeerConfigurationException($"cannot write the new host key to {path}: {ex.Message}");
        }
        return key;
    }

    public void Dispose() => HostKey.Dispose();
}
