namespace CertCreds.Serving;

/// <summary>
/// One answer of the serve handlers. The body may hold credentials, so <see cref="ToString"/> never shows it.
/// Success answers are built once per set of credentials and shared by every request that gets them.
/// </summary>
/// <param name="TokenTtl">Echoed as <c>x-aws-ec2-metadata-token-ttl-seconds</c> when set (Go and Rust SDKs need it).</param>
public sealed record ServeResponse(int Status, string ContentType, ReadOnlyMemory<byte> Body, string? TokenTtl = null)
{
    public const string Json = "application/json";
    public const string Text = "text/plain";

    public override string ToString() => $"ServeResponse {{ Status = {Status}, ContentType = {ContentType}, Body = {Body.Length} bytes }}";
}
