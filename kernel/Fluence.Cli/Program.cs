using System.CommandLine;
using Fluence.Cli.Commands;

var root = new RootCommand("fluence: run and inspect a Fluence.Kernel peer")
{
    new Command("peer", "Run a peer") { PeerStartCommand.Create() },
    new Command("local", "Run a local network of peers in one process") { LocalRunCommand.Create() },
    RunCommand.Create(),
    new Command("key", "Manage keys") { KeyNewCommand.Create() },
    new Command("plugins", "Inspect plugins") { PluginsListCommand.Create() },
    AirCommand.Create(),
};

// The generic host handles Ctrl+C and SIGTERM itself (clean shutdown); System.CommandLine must not race it.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
