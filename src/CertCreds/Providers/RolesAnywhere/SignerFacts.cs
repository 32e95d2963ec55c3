namespace CertCreds.Providers.RolesAnywhere;

/// <summary>The facts about the signing certificate an error hint may name (nothing secret).</summary>
/// <param name="LeafIssuer">The leaf certificate's issuer distinguished name.</param>
/// <param name="IntermediateCount">How many intermediates X-Amz-X509-Chain carried.</param>
public sealed record SignerFacts(string LeafIssuer, int IntermediateCount);
