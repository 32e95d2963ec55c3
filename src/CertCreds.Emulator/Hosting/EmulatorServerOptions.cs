using Amazon.Runtime;
using CertCreds.Emulator.Registry;
using CertCreds.Emulator.State;

namespace CertCreds.Emulator.Hosting;

/// <summary>
/// How to start an emulator. Give <see cref="StateDirectory"/> for a file-backed emulator (seeded when
/// empty), or leave it null for an in-memory one built from <see cref="Registry"/> with a fresh
/// in-memory PKI.
/// </summary>
public sealed record EmulatorServerOptions
{
    public EmulatorStateDirectory? StateDirectory { get; init; }

    /// <summary>Initial registry for an in-memory emulator; ignored with a state directory.</summary>
    public RegistryDocument? Registry { get; init; }

    /// <summary>0 picks a free port; read it back from <see cref="EmulatorServer.Port"/>.</summary>
    public int Port { get; init; }

    /// <summary>The Roles Anywhere listener's port; 0 picks a free one (read it back from <see cref="EmulatorServer.RolesAnywherePort"/>).</summary>
    public int RolesAnywherePort { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where credentials come from by sts:AssumeRole; null mints them locally. Only the operator sets it (the command
    /// line): the registry file's old <c>stsEndpoint</c> setting is ignored, since whoever can write that file would
    /// otherwise choose where the emulator sends signed requests.
    /// </summary>
    public Uri? StsEndpoint { get; init; }

    /// <summary>Credentials for calling STS; when null, dummy ones unless <see cref="StsUseEnvironmentCredentials"/>.</summary>
    public AWSCredentials? StsCallerCredentials { get; init; }

    /// <summary>
    /// True: sign STS calls with this process's standard AWS credential chain (the operator's own keys, for a real
    /// STS). False (default): dummy keys, enough for moto or LocalStack and worthless to anyone who sees them.
    /// </summary>
    public bool StsUseEnvironmentCredentials { get; init; }

    /// <summary>Operational messages (reloads, STS failures). Never receives secrets.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;
}
