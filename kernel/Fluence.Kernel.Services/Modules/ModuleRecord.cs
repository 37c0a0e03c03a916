using System.Text.Json.Nodes;
using Fluence.Kernel.Content;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Services.Modules;

/// <summary>A module the peer holds: its CID (the module id, also its key in the content store) and its config.</summary>
public sealed record ModuleRecord(Cid Hash, ModuleConfig Config)
{
    /// <summary>The shape of an entry of <c>dist.list_modules</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Config.Name,
        ["hash"] = Hash.ToString(),
        ["config"] = ModuleConfigJson.ToJson(Config),
    };
}
