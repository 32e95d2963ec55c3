namespace CertCreds.Emulator.Hosting;

/// <summary>
/// The decrypted output of one connection. Kestrel always writes a Date header when the application
/// removes it, so the missingDate fault arms this stream (through a connection item) and it cuts the
/// <c>Date:</c> line out of the next response head. Unarmed, it passes bytes straight through.
/// HTTP/1.1 answers one request at a time per connection, so no locking is needed.
/// </summary>
internal sealed class DateStrippingStream(Stream inner, IDictionary<object, object?> connectionItems) : Stream
{
    public const string ArmItemKey = "certcreds.strip-date";

    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] DateLine = "\r\nDate:"u8.ToArray();
    private MemoryStream? _head;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_head is null && !connectionItems.ContainsKey(ArmItemKey))
        {
            inner.Write(buffer);
            return;
        }

        var pass = Filter(buffer.ToArray());
        if (pass.Length > 0)
        {
            inner.Write(pass);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_head is null && !connectionItems.ContainsKey(ArmItemKey))
        {
            await inner.WriteAsync(buffer, cancellationToken);
            return;
        }

        var pass = Filter(buffer.ToArray());
        if (pass.Length > 0)
        {
            await inner.WriteAsync(pass, cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _head?.Dispose();
        }

        base.Dispose(disposing);
    }

    private byte[] Filter(byte[] data)
    {
        if (_head is null)
        {
            if (!connectionItems.Remove(ArmItemKey))
            {
                return data;
            }

            _head = new MemoryStream();
        }

        _head.Write(data);
        var buffered = _head.ToArray();
        var end = buffered.AsSpan().IndexOf(HeadEnd);
        if (end < 0)
        {
            return [];
        }

        _head.Dispose();
        _head = null;
        var date = buffered.AsSpan(0, end + 2).IndexOf(DateLine);
        if (date < 0)
        {
            return buffered;
        }

        var lineEnd = buffered.AsSpan(date + 2).IndexOf("\r\n"u8) + date + 2;
        return [.. buffered.AsSpan(0, date), .. buffered.AsSpan(lineEnd)];
    }
}
