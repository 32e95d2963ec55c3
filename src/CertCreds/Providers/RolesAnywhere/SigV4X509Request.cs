namespace CertCreds.Providers.RolesAnywhere;

/// <summary>
/// The parts of an HTTP request that SigV4-X509 signs. <see cref="Host"/>, <c>X-Amz-Date</c>, <c>X-Amz-X509</c>
/// and <c>X-Amz-X509-Chain</c> are added by the signer; <see cref="Headers"/> are any others to sign (Content-Type).
/// </summary>
/// <param name="Method">HTTP method, e.g. POST.</param>
/// <param name="Host">The Host header as sent: <c>HOST</c>, or <c>HOST:PORT</c> when the port is not the scheme's default.</param>
/// <param name="Path">Absolute path, already free of characters that need encoding (e.g. <c>/sessions</c>).</param>
/// <param name="Query">Query parameters, not yet encoded (the signer encodes and sorts them).</param>
/// <param name="Headers">Further headers to sign, as sent.</param>
/// <param name="Body">The request body (empty for none).</param>
public sealed record SigV4X509Request(
    string Method,
    string Host,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body);
