namespace CertCreds.EndToEnd.Compatibility;

/// <summary>
/// The single declaration behind the README's compatibility table. Every cell is run by a test of its verdict
/// (<see cref="CompatibilityMatrixTests"/>): a <see cref="CellVerdict.Works"/> cell only exists here if the
/// client really gets the assumed role from moto through that delivery, a gap only if the client really fails.
/// The README block is rendered from this list and checked by a test, so it cannot drift from what is proven.
/// </summary>
public static class CompatibilityMatrix
{
    private const string RubyContainerWorkaround =
        "aws-sdk-core 3.168 reads only `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (the fixed ECS address 169.254.170.2), "
        + "not `AWS_CONTAINER_CREDENTIALS_FULL_URI`: use `credential_process` (`certcreds configure`), the credentials file "
        + "(`certcreds update`) or serve's IMDS endpoint on port 80, or a newer aws-sdk-core";

    private const string RubyImdsWorkaround =
        "aws-sdk-core 3.168 takes only the host from `AWS_EC2_METADATA_SERVICE_ENDPOINT` and always connects to port 80: "
        + "run `certcreds serve --port 80` (root or `CAP_NET_BIND_SERVICE`), or use `credential_process` or the credentials file, "
        + "or a newer aws-sdk-core; `serve` says so on stderr when it listens on another port";

    public static IReadOnlyList<CompatibilityCell> Cells { get; } =
    [
        .. AllDeliveries(AwsClients.AwsCliV1),
        .. AllDeliveries(AwsClients.AwsCliV2),
        .. AllDeliveries(AwsClients.Boto3),
        .. AllDeliveries(AwsClients.DotnetSdk),
        .. AllDeliveries(AwsClients.JavascriptSdk),
        new(AwsClients.RubySdk.Id, Delivery.CredentialProcess, CellVerdict.Works),
        new(AwsClients.RubySdk.Id, Delivery.CredentialsFile, CellVerdict.Works),
        new(AwsClients.RubySdk.Id, Delivery.ContainerEndpoint, CellVerdict.Unsupported, RubyContainerWorkaround),
        new(AwsClients.RubySdk.Id, Delivery.Imds, CellVerdict.WorksOnPort80Only, RubyImdsWorkaround),
        .. AllDeliveries(AwsClients.GoSdk),
    ];

    public static CompatibilityCell Cell(string clientId, Delivery delivery) => Cells.Single(c => c.ClientId == clientId && c.Delivery == delivery);

    /// <summary>Theory data: every cell with the given verdicts, as (client id, delivery).</summary>
    public static TheoryData<string, Delivery> Where(params CellVerdict[] verdicts)
    {
        var data = new TheoryData<string, Delivery>();
        foreach (var cell in Cells.Where(c => verdicts.Contains(c.Verdict)))
        {
            data.Add(cell.ClientId, cell.Delivery);
        }

        return data;
    }

    private static IEnumerable<CompatibilityCell> AllDeliveries(AwsClient client) =>
        Enum.GetValues<Delivery>().Select(d => new CompatibilityCell(client.Id, d, CellVerdict.Works));
}
