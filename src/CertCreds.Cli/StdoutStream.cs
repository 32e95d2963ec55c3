using CertCreds.Errors;

namespace CertCreds.Cli;

/// <summary>
/// Standard output as the protocol channel: a write that fails because stdout is closed (<c>&gt;&amp;-</c>), full
/// (<c>&gt; /dev/full</c>) or a pipe nobody reads becomes one <see cref="LocalFileException"/> — the user's
/// environment, reported as such — instead of a crash or an "internal error".
/// </summary>
internal sealed class StdoutStream(Stream? inner) : Stream
{
    /// <summary>Opens file descriptor 1; a closed one gives a stream whose every write fails with the reason.</summary>
    public static StdoutStream Open()
    {
        try
        {
            return new StdoutStream(Console.OpenStandardOutput());
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            return new StdoutStream(null);
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            Writable().Write(buffer);
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            throw Failed(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await Writable().WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            throw Failed(e);
        }
    }

    public override void Flush()
    {
        try
        {
            inner?.Flush();
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            throw Failed(e);
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (inner is not null)
            {
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            throw Failed(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner?.Dispose();
        }

        base.Dispose(disposing);
    }

    private Stream Writable() => inner ?? throw Closed();

    private static LocalFileException Closed() =>
        new("standard output is closed, so the result cannot be printed", "run certcreds with stdout open (not >&-): a terminal, a pipe or a file");

    private static LocalFileException Failed(Exception e) =>
        new($"the result cannot be written to standard output: {FileFault.Describe(e, null)}", "point stdout at a terminal, a pipe that is read, or a file on a disk with free space", e);
}
