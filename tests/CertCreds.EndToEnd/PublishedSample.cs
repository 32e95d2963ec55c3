namespace CertCreds.EndToEnd;

/// <summary>
/// samples/IotCredentialsSample published with Native AOT: <c>CERTCREDS_SAMPLE_BIN</c> when set, otherwise
/// published once per test run into artifacts/e2e-sample.
/// </summary>
public static class PublishedSample
{
    private static readonly Lazy<string> Path_ = new(
        () => PublishedBinary.PublishOnce("CERTCREDS_SAMPLE_BIN", "samples/IotCredentialsSample/IotCredentialsSample.csproj", "e2e-sample", "IotCredentialsSample"),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Path_.Value;
}
