using Fluence.Kernel.Storage;

namespace Fluence.Kernel.Plugins.Ipfs;

/// <summary>The daemon answered a request with an error, or with something that is not the Kubo API's answer.</summary>
public sealed class KuboApiException(string command, string message, int? statusCode = null, Exception? inner = null)
    : ContentStoreException($"IPFS {command}: {message}", inner)
{
    public string Command { get; } = command;

    /// <summary>HTTP status of the answer; null when the daemon could not be reached.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>The daemon's own message, without the command prefix.</summary>
    public string DaemonMessage { get; } = message;
}
