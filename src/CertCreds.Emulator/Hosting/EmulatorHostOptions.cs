namespace CertCreds.Emulator.Hosting;

/// <summary>What the <c>certcreds emulator</c> verb passes in.</summary>
public sealed record EmulatorHostOptions
{
    public required string StateDirectory { get; init; }

    /// <summary>0 picks a free port (written to <c>DIR/endpoint</c>).</summary>
    public int Port { get; init; }

    /// <summary>The Roles Anywhere listener's port; 0 picks a free one (written to <c>DIR/roles-anywhere.json</c>).</summary>
    public int RolesAnywherePort { get; init; }

    /// <summary>An STS-compatible endpoint (e.g. moto on http://127.0.0.1:5000); null mints credentials locally.</summary>
    public Uri? StsEndpoint { get; init; }

    /// <summary>Sign STS calls with this process's AWS credential chain instead of dummy keys.</summary>
    public bool StsUseEnvironmentCredentials { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
