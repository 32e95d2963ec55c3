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

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Overrides the registry's <c>stsEndpoint</c> setting; credentials then come from sts:AssumeRole there.</summary>
    public Uri? StsEndpoint { get; init; }

    /// <summary>Credentials for calling STS; null uses the standard AWS credential chain of this process.</summary>
    public AWSCredentials? StsCallerCredentials { get; init; }

    /// <summary>Operational messages (reloads, STS failures). Never receives secrets.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;
}
