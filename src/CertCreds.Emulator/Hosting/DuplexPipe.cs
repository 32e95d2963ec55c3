using System.IO.Pipelines;

namespace CertCreds.Emulator.Hosting;

/// <summary>A connection transport with a replaced output side.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
