using System.Security.Cryptography;
using CertCreds.Emulator.Decisions;

namespace CertCreds.Emulator.Credentials;

/// <summary>
/// Credentials that look like STS's (so body sizes and parsers see realistic data) but work nowhere:
/// a 20-character <c>ASIA</c> key ID in base32, a 40-character secret and a ~900-character session token,
/// which makes the success body about 1.1 KB as recorded.
/// </summary>
internal sealed class LocalCredentialMinter : ICredentialSource
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // Real tokens begin with the base64 of a small protobuf-ish header; keeping the prefix makes logs look familiar.
    private const string TokenPrefix = "IQoJb3JpZ2luX2Vj";
    private const int TokenRandomBytes = 690;

    public Task<IssuedCredentials?> IssueAsync(CredentialGrant grant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return Task.FromResult<IssuedCredentials?>(Mint(now.AddSeconds(grant.DurationSeconds)));
    }

    public static IssuedCredentials Mint(DateTimeOffset expiration) => new(
        "ASIA" + RandomNumberGenerator.GetString(Base32, 16),
        RandomNumberGenerator.GetString(SecretAlphabet, 40),
        TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenRandomBytes)),
        expiration,
        "local");
}
