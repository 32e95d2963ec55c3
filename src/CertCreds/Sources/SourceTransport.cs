using System.Net;
using CertCreds.Providers;

namespace CertCreds.Sources;

/// <summary>What every source's HTTP handler shares, whatever its TLS.</summary>
/// <param name="Recorder">Remembers why the server certificate was refused, for the error message.</param>
/// <param name="Proxy">From HTTPS_PROXY/NO_PROXY for the source's host; null: connect directly.</param>
/// <param name="ConnectTimeout">Limit for one TCP (and proxy) connect.</param>
public sealed record SourceTransport(TlsFailureRecorder Recorder, IWebProxy? Proxy, TimeSpan ConnectTimeout);
