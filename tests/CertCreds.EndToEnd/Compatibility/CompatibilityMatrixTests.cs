namespace CertCreds.EndToEnd.Compatibility;

/// <summary>
/// Runs every cell of <see cref="CompatibilityMatrix"/> with the real client against the emulator + moto (signature
/// checks on): what the README's table says works, works; what it says does not, fails. Each run is the same
/// <c>sts get-caller-identity</c>, answered by moto with the role assumed for the device certificate.
/// </summary>
public sealed class CompatibilityMatrixTests : IClassFixture<CompatibilityWorld>
{
    private readonly CompatibilityWorld world;

    public CompatibilityMatrixTests(CompatibilityWorld world) => this.world = world;

    public static TheoryData<string, Delivery> WorkingCells => CompatibilityMatrix.Where(CellVerdict.Works);

    public static TheoryData<string, Delivery> PortEightyCells => CompatibilityMatrix.Where(CellVerdict.WorksOnPort80Only);

    public static TheoryData<string, Delivery> GapCells => CompatibilityMatrix.Where(CellVerdict.Unsupported, CellVerdict.WorksOnPort80Only);

    public static TheoryData<string> Clients => [.. AwsClients.All.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(WorkingCells))]
    public async Task A_cell_the_table_marks_as_working_gets_the_assumed_role(string clientId, Delivery delivery)
    {
        var run = await AwsClients.ById(clientId).RunCallerIdentityAsync(world.Moto.Endpoint, world.ClientEnvironment(delivery));
        Assert.True(run.ExitCode == 0, $"{clientId} through {delivery}: {run}");
        Assert.Equal(world.ExpectedArn, run.Stdout.Trim());
    }

    [Theory]
    [MemberData(nameof(PortEightyCells))]
    public async Task A_cell_the_table_marks_as_port_80_only_gets_the_assumed_role_from_serve_on_port_80(string clientId, Delivery delivery)
    {
        // CI runs as root; elsewhere binding port 80 needs CAP_NET_BIND_SERVICE, and this test then fails loudly.
        var serve = await world.StartServeAsync("--port", "80");
        await using (serve)
        {
            Assert.StartsWith("http://127.0.0.1:80/", serve.ImdsEndpoint, StringComparison.Ordinal);
            Assert.DoesNotContain("note:", serve.Log, StringComparison.Ordinal);
            var run = await AwsClients.ById(clientId).RunCallerIdentityAsync(world.Moto.Endpoint, world.ClientEnvironment(delivery, serve));
            Assert.True(run.ExitCode == 0, $"{clientId} through {delivery} on port 80: {run}");
            Assert.Equal(world.ExpectedArn, run.Stdout.Trim());
        }
    }

    [Theory]
    [MemberData(nameof(GapCells))]
    public async Task A_gap_the_table_documents_really_fails_with_what_serve_prints_by_default(string clientId, Delivery delivery)
    {
        // If this starts passing, the client gained support: move the cell to Works in CompatibilityMatrix.
        var run = await AwsClients.ById(clientId).RunCallerIdentityAsync(world.Moto.Endpoint, world.ClientEnvironment(delivery));
        Assert.True(run.ExitCode != 0, $"{clientId} through {delivery} now works: update CompatibilityMatrix and the README. {run}");
        Assert.DoesNotContain(world.ExpectedArn, run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Each_client_is_the_version_the_table_says_was_proven(string clientId)
    {
        var client = AwsClients.ById(clientId);
        Assert.Equal(client.ProvenVersion, await client.InstalledVersionAsync());
    }

    [Fact]
    public async Task Aws_cli_v2_refuses_the_imds_endpoint_without_a_trailing_slash_which_is_why_serve_prints_one()
    {
        var environment = world.ClientEnvironment(Delivery.Imds);
        environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = world.Serve.ImdsBase;
        var run = await AwsClients.AwsCliV2.RunCallerIdentityAsync(world.Moto.Endpoint, environment);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(world.Serve.ImdsBase + "latest/api/token", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_prints_the_imds_endpoint_with_a_trailing_slash_and_notes_the_ruby_port_limit_on_stderr()
    {
        // AWS CLI v2 before late 2024 appends "latest/api/token" to the endpoint as it is: without the slash it
        // asks for http://127.0.0.1:PORTlatest/api/token and refuses to start.
        var endpoint = new Uri(world.Serve.ImdsEndpoint);
        Assert.Equal("/", endpoint.AbsolutePath);
        Assert.EndsWith("/", world.Serve.ImdsEndpoint, StringComparison.Ordinal);
        Assert.Contains("note: the AWS SDK for Ruby 3.168", world.Serve.Log, StringComparison.Ordinal);
        Assert.Contains("--port 80", world.Serve.Log, StringComparison.Ordinal);
    }
}
