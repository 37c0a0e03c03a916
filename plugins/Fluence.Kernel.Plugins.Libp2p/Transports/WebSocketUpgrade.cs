using System.Security.Cryptography;
using System.Text;

namespace Fluence.Kernel.Plugins.Libp2p.Transports;

/// <summary>
/// The server half of the RFC 6455 opening handshake, enough for libp2p WebSocket dialers: read one HTTP/1.1 GET
/// (bounded), check the upgrade headers, answer 101 with <c>Sec-WebSocket-Accept</c>.
/// </summary>
internal static class WebSocketUpgrade
{
    public const int MaxRequestBytes = 8 * 1024;
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Reads the request head byte by byte, so no WebSocket frame byte is consumed with it.</summary>
    public static async Task<string> ReadRequestHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[MaxRequestBytes];
        int length = 0;
        while (true)
        {
            if (length == head.Length)
                throw new FormatException($"HTTP upgrade request exceeds {MaxRequestBytes} bytes");
            int n = await stream.ReadAsync(head.AsMemory(length, 1), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                throw new FormatException("connection closed inside the HTTP upgrade request");
            length++;
            if (length >= 4 && head[length - 4] == '\r' && head[length - 3] == '\n' && head[length - 2] == '\r' && head[length - 1] == '\n')
                return Encoding.Latin1.GetString(head, 0, length);
        }
    }

    /// <summary>The 101 response to <paramref name="requestHead"/>; throws <see cref="FormatException"/> when it is no WebSocket upgrade.</summary>
    public static string Accept(string requestHead)
    {
        var lines = requestHead.Split("\r\n");
        if (!lines[0].StartsWith("GET ", StringComparison.Ordinal) || !lines[0].EndsWith(" HTTP/1.1", StringComparison.Ordinal))
            throw new FormatException($"not an HTTP/1.1 GET: '{lines[0]}'");
        string? key = null;
        bool upgrade = false;
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) && value.Equals("websocket", StringComparison.OrdinalIgnoreCase))
                upgrade = true;
            else if (name.Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))
                key = value;
        }
        if (!upgrade || string.IsNullOrEmpty(key))
            throw new FormatException("HTTP request is not a WebSocket upgrade (Upgrade: websocket and Sec-WebSocket-Key required)");
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
               $"Sec-WebSocket-Accept: {accept}\r\n\r\n";
    }
}
