using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Services;
using Fluence.Kernel.Services.Modules;

namespace Fluence.Kernel.Services.Tests;

public sealed class ModuleConfigJsonTests
{
    [Fact]
    public void A_config_survives_a_round_trip_through_json()
    {
        var config = new ModuleConfig
        {
            Name = "files",
            LoggerEnabled = false,
            LoggingMask = 5,
            Envs = new Dictionary<string, string> { ["A"] = "1" },
            MappedDirs = new Dictionary<string, string> { ["/data"] = "data" },
            MountedBinaries = new Dictionary<string, string> { ["curl"] = "/usr/bin/curl" },
        };

        var parsed = ModuleConfigJson.Parse(JsonNode.Parse(ModuleConfigJson.ToJson(config).ToJsonString()));

        Assert.Equal("files", parsed.Name);
        Assert.False(parsed.LoggerEnabled);
        Assert.Equal(5, parsed.LoggingMask);
        Assert.Equal("1", parsed.Envs["A"]);
        Assert.Equal("data", parsed.MappedDirs["/data"]);
        Assert.Equal("/usr/bin/curl", parsed.MountedBinaries["curl"]);
    }

    [Fact]
    public void Aqua_options_and_pair_lists_are_read_as_values_and_tables()
    {
        var json = JsonNode.Parse("""
            {"name":"m","logger_enabled":[true],"logging_mask":[],"wasi":[{"envs":[["K","V"],["L","W"]],"mapped_dirs":[]}],"mounted_binaries":[]}
            """);

        var parsed = ModuleConfigJson.Parse(json);

        Assert.True(parsed.LoggerEnabled);
        Assert.Equal(int.MaxValue, parsed.LoggingMask);
        Assert.Equal(new Dictionary<string, string> { ["K"] = "V", ["L"] = "W" }, parsed.Envs);
        Assert.Empty(parsed.MappedDirs);
        Assert.Empty(parsed.MountedBinaries);
    }

    [Fact]
    public void A_config_without_a_name_is_refused()
    {
        var ex = Assert.Throws<ServiceException>(() => ModuleConfigJson.Parse(JsonNode.Parse("""{"logger_enabled":true}""")));
        Assert.Contains("name", ex.Message);
    }

    [Fact]
    public void A_table_of_non_strings_is_refused_naming_the_field()
    {
        var ex = Assert.Throws<ServiceException>(() => ModuleConfigJson.Parse(JsonNode.Parse("""{"name":"m","wasi":{"envs":{"A":1}}}""")));
        Assert.Contains("wasi.envs.A", ex.Message);
    }
}
