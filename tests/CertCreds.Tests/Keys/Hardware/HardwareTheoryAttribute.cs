namespace CertCreds.Tests.Keys.Hardware;

/// <summary>The theory form of <see cref="HardwareFactAttribute"/>.</summary>
public sealed class HardwareTheoryAttribute : TheoryAttribute
{
    public HardwareTheoryAttribute()
    {
        if (HardwareTokens.Missing() is { } missing)
        {
            Skip = $"SKIPPED, HARDWARE-KEY TOOLS NOT INSTALLED ({missing}): run eng/install-hardware-key-tools.sh";
        }
    }
}
