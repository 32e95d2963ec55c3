using CertCreds.Certificates;
using CertCreds.Credentials;

namespace CertCreds.Sources;

/// <summary>
/// One AWS service that turns a device certificate into temporary credentials (the IoT credentials provider
/// today, IAM Roles Anywhere next). A source is its validated settings: it knows where it sends requests, how
/// its connections must be made and how to ask; everything else (identity, trust, proxy, cache, refresh) is
/// <see cref="CredentialService"/>'s, so a second source adds only what differs.
/// </summary>
public interface ICredentialSource
{
    /// <summary>Short stable name: the first part of the cache key, and the word traces and doctor use (<c>iot</c>).</summary>
    string Kind { get; }

    /// <summary>The host requests go to (for the proxy's NO_PROXY match and doctor's DNS, TCP and TLS checks).</summary>
    string Host { get; }

    /// <summary>
    /// True when the device key authenticates the TLS connection itself (IoT's mutual TLS); false when it signs each
    /// request over plain server-authenticated TLS (Roles Anywhere). A signing-only key (a TPM <c>handle:</c>) is
    /// refused, before it is loaded, for a source that says true.
    /// </summary>
    bool AuthenticatesTlsClient => false;

    /// <summary>The TCP port requests go to.</summary>
    int Port { get; }

    /// <summary>One line for traces and doctor, without secrets: which service, where, for which role.</summary>
    string Description { get; }

    /// <summary>
    /// What besides <see cref="Kind"/> and the certificate selects the credentials (endpoint, role, …), in a
    /// fixed order: any change gives a different cache entry.
    /// </summary>
    IReadOnlyList<string?> CacheKeyParts { get; }

    /// <summary>The role name the IMDS endpoint of <c>serve</c> lists.</summary>
    string RoleName { get; }

    /// <summary>
    /// This source's options as a command line writes them (<c>--endpoint</c>, <c>--role-alias</c>, …), values
    /// null when not given: what <c>configure</c> writes and <c>doctor --profile</c> compares.
    /// </summary>
    IReadOnlyList<KeyValuePair<string, string?>> CommandLineOptions { get; }

    /// <summary>How to get longer-lived credentials from this service, for the short-lifetime warnings.</summary>
    string LongerLifetimeFix { get; }

    /// <summary>A warning about the endpoint that needs no network (e.g. the IoT data endpoint given instead of the credentials endpoint), or null.</summary>
    string? EndpointWarning { get; }

    /// <summary>
    /// The HTTP handler for this source's requests: for IoT, mutual TLS with the device key; for a source that
    /// signs each request instead, plain server-authenticated TLS.
    /// </summary>
    SocketsHttpHandler CreateHandler(DeviceIdentity identity, TrustAnchors anchors, SourceTransport transport);

    /// <summary>
    /// Credentials, within <paramref name="timeout"/> for the whole call, retries of transient failures included.
    /// Throws a <see cref="Errors.CertCredsException"/> for every failure a user can act on.
    /// </summary>
    Task<TemporaryCredentials> FetchAsync(DeviceIdentity identity, SourceConnection connection, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// The same request as <see cref="FetchAsync"/>, sent once without retries, with the answer as it came (for
    /// doctor, which reports status, Date and the exact failure).
    /// </summary>
    Task<SourceProbe> ProbeAsync(DeviceIdentity identity, SourceConnection connection, TimeSpan timeout, CancellationToken cancellationToken);
}
