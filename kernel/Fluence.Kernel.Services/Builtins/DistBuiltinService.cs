using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Content;
using Fluence.Kernel.Services.Blueprints;
using Fluence.Kernel.Services.Modules;

namespace Fluence.Kernel.Services.Builtins;

/// <summary>
/// <c>dist</c>: modules and blueprints — <c>add_module(wasm_base64, config)</c>, <c>add_blueprint(ipld)</c>,
/// <c>make_blueprint(name, deps)</c>, <c>make_module_config(name, …)</c>, <c>default_module_config(name)</c>,
/// <c>list_modules()</c>, <c>get_module_interface(hash)</c>, <c>list_blueprints()</c>, <c>get_blueprint(id)</c>.
/// </summary>
public sealed class DistBuiltinService(ModuleRepository modules, ManagementGuard guard) : ServicesBuiltin
{
    public override string ServiceId => "dist";

    private protected override async ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, CallArguments args, CancellationToken cancellationToken)
    {
        switch (call.FunctionName)
        {
            case "add_module":
            {
                guard.Demand(call);
                var base64 = args.NextString("module_bytes");
                var config = ModuleConfigJson.Parse(args.NextValue("config"));
                byte[] wasm;
                try
                {
                    wasm = Convert.FromBase64String(base64);
                }
                catch (FormatException ex)
                {
                    throw new ServiceException($"module_bytes of '{config.Name}' is not valid base64: {ex.Message}", ex);
                }
                var cid = await modules.AddModuleAsync(wasm, config, cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(cid.ToString());
            }
            case "add_blueprint":
            {
                guard.Demand(call);
                var (name, dependencies) = BlueprintCodec.Decode(args.NextString("blueprint"));
                var blueprint = await modules.AddBlueprintAsync(name, dependencies, cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(blueprint.Id);
            }
            case "make_blueprint":
            {
                var name = args.NextString("name");
                var dependencies = args.NextStrings("dependencies").Select(ParseCid).ToArray();
                return FunctionOutcome.Ok(BlueprintCodec.EncodeToString(name, dependencies));
            }
            case "make_module_config":
                return FunctionOutcome.Ok(MakeModuleConfig(args));
            case "default_module_config":
                return FunctionOutcome.Ok(new JsonObject { ["name"] = args.NextString("module_name") });
            case "list_modules":
            {
                var list = await modules.ListModulesAsync(cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(new JsonArray(list.Select(m => (JsonNode)m.ToJson()).ToArray()));
            }
            case "get_module_interface":
            {
                var cid = ParseCid(args.NextString("hex_hash"));
                var serviceInterface = await modules.GetInterfaceAsync(cid, cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(serviceInterface.ToJson());
            }
            case "list_blueprints":
            {
                var list = await modules.ListBlueprintsAsync(cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(new JsonArray(list.Select(b => (JsonNode)b.ToJson()).ToArray()));
            }
            case "get_blueprint":
            {
                var blueprint = await modules.GetBlueprintAsync(args.NextString("blueprint_id"), cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(blueprint.ToJson());
            }
            default:
                return FunctionOutcome.NotDefined;
        }
    }

    /// <summary>
    /// <c>make_module_config(name, mem_pages_count?, max_heap_size?, logger_enabled?, preopened_files?, envs?,
    /// mapped_dirs?, mounted_binaries?, logging_mask?)</c>; the memory and preopened slots are legacy and ignored.
    /// </summary>
    private static JsonObject MakeModuleConfig(CallArguments args)
    {
        var name = args.NextString("name");
        args.NextOptional("mem_pages_count");
        args.NextOptional("max_heap_size");
        var logger = args.NextOptional("logger_enabled");
        args.NextOptional("preopened_files");
        var envs = args.NextOptional("envs");
        var mappedDirs = args.NextOptional("mapped_dirs");
        var mounted = args.NextOptional("mounted_binaries");
        var mask = args.NextOptional("logging_mask");
        var json = new JsonObject { ["name"] = name };
        if (logger is not null)
            json["logger_enabled"] = logger.DeepClone();
        if (mask is not null)
            json["logging_mask"] = mask.DeepClone();
        var wasi = new JsonObject();
        if (envs is not null)
            wasi["envs"] = TableJson(envs, "envs");
        if (mappedDirs is not null)
            wasi["mapped_dirs"] = TableJson(mappedDirs, "mapped_dirs");
        if (wasi.Count > 0)
            json["wasi"] = wasi;
        if (mounted is not null)
            json["mounted_binaries"] = TableJson(mounted, "mounted_binaries");
        // Validate the whole thing the way add_module will read it.
        ModuleConfigJson.Parse(json);
        return json;
    }

    private static JsonObject TableJson(JsonNode node, string field) =>
        new(ModuleConfigJson.TableOf(node, field).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    private static Cid ParseCid(string text) =>
        Cid.TryParse(text, out var cid, out var error) ? cid : throw new ServiceException($"'{text}' is not a module hash (CID): {error}");
}
