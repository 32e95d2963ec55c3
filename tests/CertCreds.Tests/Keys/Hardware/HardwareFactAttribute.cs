namespace CertCreds.Tests.Keys.Hardware;

/// <summary>
/// A test that needs the software tokens. It is skipped only when a tool is truly not installed, and then says so
/// loudly: eng/install-hardware-key-tools.sh (run by .ci/run) installs them.
/// </summary>
public sealed class HardwareFactAttribute : FactAttribute
{
    public HardwareFactAttribute()
    {
        if (HardwareTokens.Missing() is { } missing)
        {
            Skip = $"SKIPPED, HARDWARE-KEY TOOLS NOT INSTALLED ({missing}): run eng/install-hardware-key-tools.sh";
        }
    }
}
