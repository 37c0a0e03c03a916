using System.Text.Json.Nodes;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Transport;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary><c>peer</c>: identity, clock, timeouts and connectivity of this peer.</summary>
public sealed class PeerBuiltin(ITransport transport, IPeerEnvironment environment, IAirInterpreter interpreter) : KernelBuiltinService
{
    /// <summary>What <c>peer.identify</c> reports as <c>node_version</c>.</summary>
    public static string NodeVersion { get; } = typeof(PeerBuiltin).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public override string ServiceId => "peer";

    protected override async ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        switch (call.FunctionName)
        {
            case "identify":
                return FunctionOutcome.Ok(new JsonObject
                {
                    ["external_addresses"] = new JsonArray(transport.ListenAddresses.Select(a => (JsonNode?)a.ToString()).ToArray()),
                    ["node_version"] = NodeVersion,
                    ["air_version"] = interpreter.Version,
                    ["spell_version"] = "",
                    ["allowed_binaries"] = new JsonArray(),
                    ["vm_info"] = new JsonArray(),
                });
            case "timestamp_ms":
                return FunctionOutcome.Ok(environment.Time.GetUtcNow().ToUnixTimeMilliseconds());
            case "timestamp_sec":
                return FunctionOutcome.Ok(environment.Time.GetUtcNow().ToUnixTimeSeconds());
            case "timeout":
            {
                ulong duration = args.NextUInt64("duration_ms");
                string message = args.NextOptionalString("message") ?? "";
                var left = call.Context.Particle.TimeLeft(environment.Time.GetUtcNow());
                var wait = TimeSpan.FromMilliseconds(Math.Min(duration, (ulong)left.TotalMilliseconds));
                await Task.Delay(wait, environment.Time, cancellationToken);
                return FunctionOutcome.Ok(message);
            }
            case "is_connected":
            {
                var peer = ParsePeer(args.NextString("peer_id"));
                return FunctionOutcome.Ok(peer == environment.HostId || transport.IsConnected(peer));
            }
            case "connect":
            {
                if (!BuiltinGuards.IsHostOrScope(call))
                    return FunctionOutcome.Error(BuiltinGuards.Forbidden(call));
                var peer = ParsePeer(args.NextString("peer_id"));
                var addresses = new List<Multiaddr>();
                if (args.NextOptional("multiaddrs") is JsonArray list)
                {
                    foreach (var item in list)
                    {
                        var text = BuiltinArguments.AsString(item, "multiaddrs");
                        if (!Multiaddr.TryParse(text, out var address, out var error))
                            return FunctionOutcome.Error($"invalid multiaddr '{text}': {error}");
                        addresses.Add(address);
                    }
                }
                return FunctionOutcome.Ok((await transport.ConnectAsync(peer, addresses, cancellationToken)).IsConnected);
            }
            case "get_contact":
            {
                var peer = ParsePeer(args.NextString("peer_id"));
                var contact = peer == environment.HostId ? new Contact(peer, transport.ListenAddresses) : transport.GetContact(peer);
                return FunctionOutcome.Ok(contact is null ? new JsonArray() : new JsonArray(ContactJson(contact)));
            }
            default:
                return FunctionOutcome.NotDefined;
        }
    }

    internal static JsonObject ContactJson(Contact contact) => new()
    {
        ["peer_id"] = contact.PeerId.ToString(),
        ["addresses"] = new JsonArray(contact.Addresses.Select(a => (JsonNode?)a.ToString()).ToArray()),
    };

    internal static PeerId ParsePeer(string text) =>
        PeerId.TryParse(text, out var peer, out var error) ? peer : throw new BuiltinArgumentException($"invalid peer id: {error}");
}
