using CertCreds.Platform;

namespace CertCreds.EndToEnd;

/// <summary>
/// A test that must run as root (it creates a second local user). CI runs as root; elsewhere the test is reported
/// as skipped with the reason, never passed silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (NativeProcess.EffectiveUserId() != 0)
        {
            Skip = "SKIPPED: needs root to create a second local user (useradd); CI runs as root";
        }
    }
}
