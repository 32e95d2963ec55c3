using CertCreds.Testing;

namespace CertCreds.EndToEnd;

/// <summary>The shared in-process emulator as an xunit class fixture: started before the class's first test, stopped after its last.</summary>
public sealed class InProcessEmulatorFixture : InProcessEmulator, IAsyncLifetime
{
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
