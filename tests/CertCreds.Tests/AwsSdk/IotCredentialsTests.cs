using System.Text.RegularExpressions;
using CertCreds.AwsSdk;
using CertCreds.Emulator.State;
using CertCreds.Testing;
using CertCreds.Tests.Cli;

namespace CertCreds.Tests.AwsSdk;

/// <summary>
/// <see cref="IotCredentials"/> against the in-process emulator (its own credentials, no STS): refresh ahead of
/// expiry, and failures that read exactly as the CLI's one line for the same mistake.
/// </summary>
public sealed partial class IotCredentialsTests : IAsyncLifetime
{
    private readonly InProcessEmulator emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    private IotCredentialsOptions Options(string roleAlias = EmulatorStateDirectory.SeedRoleAlias) => new()
    {
        Endpoint = emulator.Server.Endpoint,
        RoleAlias = roleAlias,
        CertificatePath = emulator.Client1.CertificatePath,
        PrivateKeyPath = emulator.Client1.PrivateKeyPath,
        CaCertificatePath = emulator.State.RootCaPath,
    };

    private Task<CliRun> RunCliAsync(TimeProvider? clock, params string[] extra) =>
        CliHarness.RunAsync(emulator.Folder, new Dictionary<string, string> { ["HOME"] = emulator.Folder }, clock, [.. emulator.Arguments(extra)]);

    /// <summary>The request id differs between two requests; everything else must be the same.</summary>
    private static string WithoutRequestId(string line) => RequestId().Replace(line.TrimEnd('\n'), "(request id …)");

    /// <summary>"now …" in the line is the moment of each check; the two runs are a second apart at most.</summary>
    private static string WithoutTimes(string line) => Time().Replace(line.TrimEnd('\n'), "<time>");

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ")]
    private static partial Regex Time();

    [GeneratedRegex(@"\(request id [^)]*\)")]
    private static partial Regex RequestId();

    [Fact]
    public async Task Credentials_are_refreshed_once_they_are_within_the_preempt_window_long_before_they_expire()
    {
        emulator.Server.Registry.Update(r => r.RoleAliases.Single().CredentialDurationSeconds = 64);
        // AWSSDK.Core 4.0 refreshes at least a minute before expiry, whatever PreemptExpiryTime says: a 64-second
        // alias is due after about 4 seconds.
        using var credentials = new IotCredentials(Options()) { PreemptExpiryTime = TimeSpan.FromSeconds(5) };

        var first = await credentials.GetCredentialsAsync();
        var firstExpiry = emulator.Server.Requests[0].Time.AddSeconds(64);
        var stillFresh = await credentials.GetCredentialsAsync();
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        var refreshed = await credentials.GetCredentialsAsync();

        Assert.Equal(first.AccessKey, stillFresh.AccessKey);
        Assert.NotEqual(first.AccessKey, refreshed.AccessKey);
        Assert.InRange(emulator.Server.Requests.Count, 2, 3);
        Assert.True(emulator.Server.Requests[1].Time < firstExpiry.AddSeconds(-50), "the refresh happened long before the first credentials expired");
    }

    [Fact]
    public async Task Credentials_outside_the_refresh_window_are_not_fetched_again()
    {
        using var credentials = new IotCredentials(Options());
        var first = await credentials.GetCredentialsAsync();
        var second = await credentials.GetCredentialsAsync();
        Assert.Equal(first.AccessKey, second.AccessKey);
        Assert.Single(emulator.Server.Requests);
    }

    [Fact]
    public async Task A_role_alias_the_policy_does_not_allow_throws_the_line_the_cli_prints()
    {
        using var credentials = new IotCredentials(Options("no-such-alias"));

        var error = await Assert.ThrowsAsync<CertificateCredentialsException>(() => credentials.GetCredentialsAsync());
        var cli = await RunCliAsync(null, "--role-alias", "no-such-alias");

        Assert.Equal(CertCreds.Errors.ExitCodes.Rejected, cli.ExitCode);
        Assert.Equal(WithoutRequestId(cli.Stderr), WithoutRequestId("certcreds: " + error.Message));
        Assert.Contains("403 \"Access Denied\"", error.Cause, StringComparison.Ordinal);
        Assert.Equal($"{error.Cause} — {error.Fix}", error.Message);
        Assert.Equal(403, error.StatusCode);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task An_expired_device_certificate_throws_the_line_the_cli_prints_before_any_request()
    {
        var clock = new OffsetTimeProvider { Offset = TimeSpan.FromDays(365 * 30) };
        using var credentials = new IotCredentials(Options(), clock);

        var error = await Assert.ThrowsAsync<CertificateCredentialsException>(() => credentials.GetCredentialsAsync());
        var cli = await RunCliAsync(clock);

        Assert.Equal(CertCreds.Errors.ExitCodes.Identity, cli.ExitCode);
        Assert.Equal(WithoutTimes(cli.Stderr), WithoutTimes("certcreds: " + error.Message));
        Assert.Empty(emulator.Server.Requests);
        Assert.Equal(0, credentials.ProviderRequests);
    }

    [Fact]
    public async Task A_failed_refresh_is_tried_again_by_the_next_call()
    {
        var policies = emulator.Server.Registry.Current.Policies.ToList();
        emulator.Server.Registry.Update(r => r.Policies.Clear());
        using var credentials = new IotCredentials(Options());
        var error = await Assert.ThrowsAsync<CertificateCredentialsException>(() => credentials.GetCredentialsAsync());
        Assert.Equal(403, error.StatusCode);

        emulator.Server.Registry.Update(r => r.Policies.AddRange(policies));
        var recovered = await credentials.GetCredentialsAsync();

        Assert.StartsWith("ASIA", recovered.AccessKey, StringComparison.Ordinal);
        Assert.Equal(2, emulator.Server.Requests.Count);
    }

    [Theory]
    [InlineData(null, "no endpoint was given")]
    [InlineData("https://host/path", "has a path")]
    public void Malformed_options_are_refused_when_the_credentials_are_created(string? endpoint, string expected)
    {
        var options = Options();
        options.Endpoint = endpoint;
        var error = Assert.Throws<ArgumentException>(() => new IotCredentials(options));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(" — ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_role_alias_or_certificate_is_refused_when_the_credentials_are_created()
    {
        var noAlias = Options();
        noAlias.RoleAlias = null;
        Assert.Contains("no role alias was given", Assert.Throws<ArgumentException>(() => new IotCredentials(noAlias)).Message, StringComparison.Ordinal);
        var noCertificate = Options();
        noCertificate.CertificatePath = null;
        Assert.Contains("no certificate was given", Assert.Throws<ArgumentException>(() => new IotCredentials(noCertificate)).Message, StringComparison.Ordinal);
    }
}
