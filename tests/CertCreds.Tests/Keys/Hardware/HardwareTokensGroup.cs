namespace CertCreds.Tests.Keys.Hardware;

/// <summary>One set of software tokens for every test that needs one; the tests run one at a time (one TPM).</summary>
[CollectionDefinition(Name)]
public sealed class HardwareTokensGroup : ICollectionFixture<HardwareTokens>
{
    public const string Name = "hardware tokens";
}
