namespace CertCreds.Emulator.RolesAnywhere;

/// <summary>The outcome of checking a request's SigV4-X509 signature: a verified signer, or why not.</summary>
public sealed record SignatureCheck(VerifiedSigner? Signer, string? Failure)
{
    public static SignatureCheck Fail(string message) => new(null, message);
}
