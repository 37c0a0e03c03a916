using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Workers.Spells;

/// <summary>Why a spell fired, stored in its KV under <c>trigger</c> as the Aqua <c>TriggerEvent</c> (options as arrays).</summary>
public abstract record TriggerEvent
{
    public abstract JsonObject ToJson();

    /// <param name="TimestampSec">When the timer fired, Unix seconds.</param>
    public sealed record Timer(ulong TimestampSec) : TriggerEvent
    {
        public override JsonObject ToJson() => new()
        {
            ["timer"] = new JsonArray(new JsonObject { ["timestamp"] = TimestampSec }),
            ["peer"] = new JsonArray(),
        };
    }

    public sealed record Peer(PeerId PeerId, bool Connected) : TriggerEvent
    {
        public override JsonObject ToJson() => new()
        {
            ["timer"] = new JsonArray(),
            ["peer"] = new JsonArray(new JsonObject { ["peer_id"] = PeerId.ToString(), ["connected"] = Connected }),
        };
    }
}
