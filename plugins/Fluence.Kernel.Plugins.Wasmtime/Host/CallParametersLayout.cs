using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Host;

/// <summary>
/// The CallParameters record as each host API generation lays it out (marine.md §6.3): v0 for <c>host</c>, v1 adds
/// worker_id, v2/v3 nest ParticleParameters; the tetraplet's last field is json_path (v0, v1), lambda (v2), lens (v3).
/// </summary>
internal sealed class CallParametersLayout
{
    private const ulong TetrapletId = 0, ParticleId = 1, ParametersId = 2;

    private static readonly ItType Text = ItType.Of(ItTypeKind.String);

    private CallParametersLayout(int generation, IReadOnlyList<ItTypeEntry> types)
    {
        Generation = generation;
        Types = types;
    }

    /// <summary>0 for <c>host</c>, 1–3 for <c>__marine_host_api_vN</c>.</summary>
    public int Generation { get; }

    public IReadOnlyList<ItTypeEntry> Types { get; }

    public ulong RecordId => ParametersId;

    public static CallParametersLayout ForNamespace(string hostNamespace) =>
        For(Math.Max(0, Array.IndexOf(MarineModuleInfo.HostNamespaces, hostNamespace)));

    public static CallParametersLayout For(int generation)
    {
        var lensName = generation switch { 2 => "lambda", 3 => "lens", _ => "json_path" };
        var tetraplet = new ItRecordEntry("SecurityTetraplet", [new("peer_pk", Text), new("service_id", Text), new("function_name", Text), new(lensName, Text)]);
        var particle = new ItRecordEntry("ParticleParameters",
        [
            new("id", Text), new("init_peer_id", Text), new("timestamp", ItType.Of(ItTypeKind.U64)), new("ttl", ItType.Of(ItTypeKind.U32)),
            new("script", Text), new("signature", ItType.Of(ItTypeKind.ByteArray)), new("token", Text),
        ]);
        var tetraplets = new ItField("tetraplets", ItType.ArrayOf(ItType.ArrayOf(ItType.RecordOf(TetrapletId))));
        ItField[] fields = generation switch
        {
            0 => [new("init_peer_id", Text), new("service_id", Text), new("service_creator_peer_id", Text), new("host_id", Text), new("particle_id", Text), tetraplets],
            1 => [new("init_peer_id", Text), new("service_id", Text), new("service_creator_peer_id", Text), new("host_id", Text), new("worker_id", Text), new("particle_id", Text), tetraplets],
            _ => [new("particle", ItType.RecordOf(ParticleId)), new("service_id", Text), new("service_creator_peer_id", Text), new("host_id", Text), new("worker_id", Text), tetraplets],
        };
        return new CallParametersLayout(generation, [tetraplet, particle, new ItRecordEntry("CallParameters", fields)]);
    }

    public ItValue.Record ToRecord(CallParameters p)
    {
        var tetraplets = new ItValue.Array(p.Tetraplets.Select(list => (ItValue)new ItValue.Array(list.Select(t => (ItValue)new ItValue.Record(
            [new ItValue.Text(t.PeerPk), new ItValue.Text(t.ServiceId), new ItValue.Text(t.FunctionName), new ItValue.Text(t.Lens)])).ToArray())).ToArray());
        ItValue S(string s) => new ItValue.Text(s);
        return Generation switch
        {
            0 => new ItValue.Record([S(p.Particle.InitPeerId), S(p.ServiceId), S(p.ServiceCreatorPeerId), S(p.HostId), S(p.Particle.Id), tetraplets]),
            1 => new ItValue.Record([S(p.Particle.InitPeerId), S(p.ServiceId), S(p.ServiceCreatorPeerId), S(p.HostId), S(p.WorkerId), S(p.Particle.Id), tetraplets]),
            _ => new ItValue.Record(
            [
                new ItValue.Record(
                [
                    S(p.Particle.Id), S(p.Particle.InitPeerId), new ItValue.Unsigned(ItTypeKind.U64, p.Particle.Timestamp),
                    new ItValue.Unsigned(ItTypeKind.U32, p.Particle.Ttl), S(p.Particle.Script), new ItValue.Bytes(p.Particle.Signature), S(p.Particle.Token),
                ]),
                S(p.ServiceId), S(p.ServiceCreatorPeerId), S(p.HostId), S(p.WorkerId), tetraplets,
            ]),
        };
    }
}
