using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Signing;

namespace Fluence.Kernel.Particles.Tests.TestDoubles;

/// <summary>Service calls as the pipeline builds them, for calling builtins directly.</summary>
public static class BuiltinTestContext
{
    private static readonly KeyPair Originator = KeyPair.Generate();

    public static ServiceCall Call(PeerId host, string service, string function, object?[] args, string? vault = null, string? initPeerId = null, IReadOnlyList<IReadOnlyList<SecurityTetraplet>>? tetraplets = null)
    {
        var particle = ParticleSigner.Create(Originator, "(null)", TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow);
        if (initPeerId is not null)
            particle = particle with { InitPeerId = initPeerId };
        var arguments = args.Select(a => a is JsonNode node ? node : JsonSerializer.SerializeToNode(a)).ToArray();
        var context = new ParticleContext(particle, host, host, vault ?? Path.Combine(Path.GetTempPath(), "fluence-vault-" + Guid.NewGuid().ToString("N")));
        return new ServiceCall(service, function, arguments, tetraplets ?? arguments.Select(_ => (IReadOnlyList<SecurityTetraplet>)[]).ToArray(), context);
    }
}
