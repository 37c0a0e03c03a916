using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.Ipfs.Tests;

/// <summary>
/// A js-ipfs 0.66.1 daemon (installed by <c>eng/components/ipfs/install.sh</c>) with its own repo in a temp folder,
/// offline, without preload, every listener on a free 127.0.0.1 port. Ready when <c>/api/v0/version</c> answers.
/// Shared by the storage test projects and the benchmarks (linked source).
/// </summary>
public sealed class IpfsDaemon : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly TempDirectory _home;
    private readonly StringBuilder _log;

    private IpfsDaemon(Process process, TempDirectory home, StringBuilder log, int apiPort)
    {
        _process = process;
        _home = home;
        _log = log;
        ApiPort = apiPort;
    }

    public int ApiPort { get; }

    /// <summary>The API as a multiaddr, the way users configure it.</summary>
    public string ApiMultiaddr => $"/ip4/127.0.0.1/tcp/{ApiPort}";

    public Uri ApiUrl => new($"http://127.0.0.1:{ApiPort}/");

    /// <summary>The repo (blocks live in <c>blocks/&lt;shard&gt;/&lt;KEY&gt;.data</c>).</summary>
    public string RepoPath => Path.Combine(_home.Path, "repo");

    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    public static async Task<IpfsDaemon> StartAsync()
    {
        var cli = RepoPaths.Component("ipfs", "node_modules", "ipfs", "src", "cli.js");
        var configure = RepoPaths.Component("ipfs", "configure-repo.js");
        var home = new TempDirectory("ipfs-daemon");
        var ports = FreePorts(5);
        var env = new Dictionary<string, string>
        {
            ["IPFS_PATH"] = Path.Combine(home.Path, "repo"),
            ["IPFS_API_PORT"] = ports[0].ToString(),
            ["IPFS_GATEWAY_PORT"] = ports[1].ToString(),
            ["IPFS_GRPC_PORT"] = ports[2].ToString(),
            ["IPFS_SWARM_PORT"] = ports[3].ToString(),
            ["IPFS_SWARM_WS_PORT"] = ports[4].ToString(),
        };
        try
        {
            await RunToEndAsync(env, cli, "init", "--profile", "test", "--emptyRepo");
            await RunToEndAsync(env, configure);
        }
        catch
        {
            home.Dispose();
            throw;
        }

        var log = new StringBuilder();
        var process = Start(env, log, cli, "daemon", "--offline", "--enable-preload=false");
        var daemon = new IpfsDaemon(process, home, log, ports[0]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                await daemon.DisposeAsync();
                throw new InvalidOperationException($"the IPFS daemon exited with {process.ExitCode} before it was ready:\n{daemon.Log}");
            }
            try
            {
                using var answer = await http.PostAsync(new Uri(daemon.ApiUrl, "api/v0/version"), null);
                if (answer.IsSuccessStatusCode)
                    return daemon;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                await daemon.DisposeAsync();
                throw new TimeoutException($"the IPFS daemon did not answer /api/v0/version within {ReadyTimeout.TotalSeconds} s:\n{daemon.Log}");
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
        }
        _process.Dispose();
        _home.Dispose();
    }

    private static async Task RunToEndAsync(Dictionary<string, string> env, params string[] args)
    {
        var log = new StringBuilder();
        using var process = Start(env, log, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"node {string.Join(' ', args)} failed with {process.ExitCode}:\n{log}");
    }

    private static Process Start(Dictionary<string, string> env, StringBuilder log, params string[] args)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (key, value) in env)
            info.Environment[key] = value;
        var process = new Process { StartInfo = info };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (log)
            {
                if (log.Length < 64 * 1024)
                    log.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var listener in listeners)
            listener.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var listener in listeners)
            listener.Stop();
        return ports;
    }
}
