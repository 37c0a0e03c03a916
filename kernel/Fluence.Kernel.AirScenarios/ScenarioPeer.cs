using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// A named peer of a simulated network with the oracle's deterministic identity: Ed25519 seed =
/// sha256("aquavm-oracle:" + name), so runs here and in Node produce the same peer ids and signatures.
/// </summary>
public sealed class ScenarioPeer : IDisposable
{
    private ScenarioPeer(string name, KeyPair key)
    {
        Name = name;
        Key = key;
    }

    public string Name { get; }

    public KeyPair Key { get; }

    public string PeerId => Key.PeerId.ToString();

    public static ScenarioPeer Create(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ScenarioPeer(name, KeyPair.FromSeed(SeedOf(name)));
    }

    public static byte[] SeedOf(string name) => SHA256.HashData(Encoding.UTF8.GetBytes("aquavm-oracle:" + name));

    public void Dispose() => Key.Dispose();

    public override string ToString() => $"{Name} ({PeerId})";
}
