using System.Collections.Concurrent;
using System.Diagnostics;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Testing;
using Xunit.Abstractions;

namespace Fluence.Kernel.Plugins.Libp2p.Tests.Support;

/// <summary>
/// The js-libp2p interop peer (eng/components/jslibp2p/peer.mjs, installed by eng/setup.sh) on free 127.0.0.1 ports.
/// Its stdout lines (PEER, LISTEN, FRAME, IDENTIFY, SENT, ECHOED…) are collected for assertions.
/// </summary>
internal sealed class JsPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ITestOutputHelper? _output;

    private JsPeer(Process process, ITestOutputHelper? output)
    {
        _process = process;
        _output = output;
    }

    public PeerId Id { get; private set; } = null!;
    public Multiaddr TcpAddress { get; private set; } = null!;
    public Multiaddr WsAddress { get; private set; } = null!;
    public IReadOnlyCollection<string> Lines => _lines;

    public static async Task<JsPeer> StartAsync(ITestOutputHelper? output, IDictionary<string, string>? environment = null)
    {
        var script = RepoPaths.Component("jslibp2p", "peer.mjs");
        RepoPaths.Component("jslibp2p", "node_modules", "libp2p");
        var start = new ProcessStartInfo("node", ["--experimental-websocket", "--no-warnings", script])
        {
            WorkingDirectory = Path.GetDirectoryName(script)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["TCP_PORT"] = "0";
        start.Environment["WS_PORT"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var peer = new JsPeer(process, output);
        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data is null ? null : "STDERR " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var peerLine = await peer.WaitForLineAsync("PEER ", TimeSpan.FromSeconds(30));
            peer.Id = PeerId.Parse(peerLine["PEER ".Length..].Trim());
            if (environment?.ContainsKey("ONESHOT") != true)
            {
                await peer.WaitForCountAsync("LISTEN ", 2, TimeSpan.FromSeconds(10));
                var listens = peer.Lines.Where(l => l.StartsWith("LISTEN ", StringComparison.Ordinal)).Select(l => Multiaddr.Parse(l["LISTEN ".Length..].Trim())).ToList();
                peer.TcpAddress = listens.First(a => !a.Has(MultiaddrProtocol.Ws));
                peer.WsAddress = listens.First(a => a.Has(MultiaddrProtocol.Ws));
            }
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
        return peer;
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        try
        {
            _output?.WriteLine("[js] " + line);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async Task<string> WaitForLineAsync(string prefix, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var line = _lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
                return line;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"js peer printed no '{prefix}' line:\n{string.Join("\n", _lines)}");
            await Task.Delay(25);
        }
    }

    public async Task WaitForCountAsync(string prefix, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (_lines.Count(l => l.StartsWith(prefix, StringComparison.Ordinal)) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"js peer printed fewer than {count} '{prefix}' lines:\n{string.Join("\n", _lines)}");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
