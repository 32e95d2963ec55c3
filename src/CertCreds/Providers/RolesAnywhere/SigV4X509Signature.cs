namespace CertCreds.Providers.RolesAnywhere;

/// <summary>The outcome of signing: the headers to add, and every intermediate string (for tests and traces).</summary>
/// <param name="Algorithm"><c>AWS4-X509-RSA-SHA256</c> or <c>AWS4-X509-ECDSA-SHA256</c>.</param>
/// <param name="AmzDate">The X-Amz-Date value, <c>yyyyMMddTHHmmssZ</c>.</param>
/// <param name="Scope"><c>yyyyMMdd/REGION/rolesanywhere/aws4_request</c>.</param>
/// <param name="SerialNumber">The leaf certificate's serial number in decimal (the Credential's key id).</param>
/// <param name="SignedHeaders">Lower-case signed header names joined with <c>;</c>.</param>
/// <param name="CanonicalRequest">SigV4's canonical request.</param>
/// <param name="StringToSign">SigV4's string to sign.</param>
/// <param name="Signature">Lower-case hex of the signature (DER for ECDSA).</param>
/// <param name="Authorization">The Authorization header value.</param>
/// <param name="Headers">The headers to add to the request, in this order: X-Amz-Date, X-Amz-X509, X-Amz-X509-Chain (when there are intermediates), Authorization.</param>
public sealed record SigV4X509Signature(
    string Algorithm,
    string AmzDate,
    string Scope,
    string SerialNumber,
    string SignedHeaders,
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string Authorization,
    IReadOnlyList<KeyValuePair<string, string>> Headers);
