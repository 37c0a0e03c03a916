using Fluence.Kernel.Content;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Storage.UnixFs;

namespace Fluence.Kernel.Plugins.Ipfs;

/// <summary>
/// Reads a file the daemon streams and rebuilds its CID on the way (<see cref="UnixFsFileHasher"/>); at the end of the
/// stream a file that does not hash to the requested CID fails with <see cref="ContentCorruptedException"/>, as does an
/// error the daemon reports in the <c>X-Stream-Error</c> trailer.
/// </summary>
internal sealed class CidVerifyingStream(Stream inner, Cid expected, HttpResponseMessage response, TimeSpan readTimeout) : Stream
{
    private readonly UnixFsFileHasher _hasher = UnixFsFileHasher.For(expected);
    private bool _verified;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _hasher.Size; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_verified)
            return 0;
        int n;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(readTimeout);
            try
            {
                n = await inner.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new KuboApiException("cat", $"{expected}: no data for {readTimeout.TotalSeconds:0.#} s (the daemon may lack a block of the file)");
            }
        }
        if (n > 0)
            _hasher.Append(buffer.Span[..n]);
        else
            Verify();
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_verified)
            return 0;
        int n = inner.Read(buffer, offset, count);
        if (n > 0)
            _hasher.Append(buffer.AsSpan(offset, n));
        else
            Verify();
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hasher.Dispose();
            inner.Dispose();
            response.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Verify()
    {
        _verified = true;
        if (response.TrailingHeaders.TryGetValues("X-Stream-Error", out var errors) && errors.FirstOrDefault(e => e.Length > 0) is { } error)
            throw new KuboApiException("cat", error, (int)response.StatusCode);
        var actual = _hasher.Complete().Cid;
        if (actual != expected)
            throw new ContentCorruptedException(expected, $"the daemon's bytes build {actual}");
    }
}
