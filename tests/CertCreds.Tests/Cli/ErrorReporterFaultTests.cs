using CertCreds.Cli;
using CertCreds.Errors;

namespace CertCreds.Tests.Cli;

public sealed class ErrorReporterFaultTests
{
    private sealed class FullStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("IO_stripped_key", 28);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => throw new IOException("IO_stripped_key", 28);
    }

    [Fact]
    public void A_file_fault_that_escaped_classification_is_still_a_sentence_not_an_internal_error()
    {
        using var stderr = new StringWriter();
        var code = ErrorReporter.Report(new IOException("IO_SomeStripped_Key", 30), stderr);
        Assert.Equal(ExitCodes.Identity, code);
        Assert.Contains("the file system is read-only", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("IO_SomeStripped_Key", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_bug_is_still_an_internal_error()
    {
        using var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Internal, ErrorReporter.Report(new InvalidOperationException("boom"), stderr));
        Assert.Contains("internal error", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_stdout_becomes_a_local_file_error_naming_standard_output()
    {
        await using var stdout = new StdoutStream(new FullStream());
        var error = await Assert.ThrowsAsync<LocalFileException>(async () => await stdout.WriteAsync("{}"u8.ToArray()));
        Assert.Contains("standard output: no space left on the device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_stdout_says_it_is_closed()
    {
        using var stdout = new StdoutStream(null);
        var error = Assert.Throws<LocalFileException>(() => stdout.Write("{}"u8));
        Assert.Contains("standard output is closed", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Identity, error.ExitCode);
    }

    [Fact]
    public void A_closed_or_full_stderr_does_not_turn_a_report_into_a_crash()
    {
        using var broken = new StderrWriter(new ThrowingWriter());
        Assert.Equal(ExitCodes.Usage, ErrorReporter.Report(new UsageException("bad", "fix"), broken));
    }

    [Fact]
    public void Stderr_escapes_what_reaches_it_but_keeps_line_feeds()
    {
        using var inner = new StringWriter();
        using var writer = new StderrWriter(inner);
        writer.WriteLine("banner\u001b]0;title\u0007\nnext");
        Assert.Equal("banner\\x1b]0;title\\x07\nnext" + Environment.NewLine, inner.ToString());
    }

    private sealed class ThrowingWriter : StringWriter
    {
        public override void WriteLine(string? value) => throw new IOException("closed", 9);

        public override void Flush() => throw new IOException("closed", 9);
    }
}
