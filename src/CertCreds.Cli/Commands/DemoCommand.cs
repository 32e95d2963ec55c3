using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CertCreds.Certificates;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.State;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Providers;
using CertCreds.Providers.RolesAnywhere;
using CertCreds.Sources;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds demo</c>: the seed article's whole flow, offline. Starts the emulator in a temporary folder on a
/// free port, walks through each step the article does by hand, fetches credentials exactly as
/// <c>credential-process</c> does, shows what a mistake looks like, prints the ~/.aws/config lines for real AWS,
/// and cleans up.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Run the whole certificate-to-credentials flow against the built-in emulator, offline, and show each step.");
        command.SetAction((_, cancellationToken) => RunAsync(context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("certcreds-demo-").FullName;
        var output = new StreamWriter(context.Stdout, new UTF8Encoding(false)) { AutoFlush = true };
        await using (output.ConfigureAwait(false))
        {
            try
            {
                var state = EmulatorStateDirectory.Open(folder);
                var server = await EmulatorServer.StartAsync(new EmulatorServerOptions { StateDirectory = state, Port = 0, TimeProvider = context.Clock }, cancellationToken).ConfigureAwait(false);
                await using (server.ConfigureAwait(false))
                {
                    await WalkThroughAsync(context, output, state, server, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return 0;
    }

    private static async Task WalkThroughAsync(CliContext context, StreamWriter output, EmulatorStateDirectory state, EmulatorServer server, CancellationToken cancellationToken)
    {
        var registry = state.Registry.Current;
        var alias = registry.RoleAliases.Single(a => a.Name == EmulatorStateDirectory.SeedRoleAlias);
        var thing = state.Thing(EmulatorStateDirectory.SeedThingName);
        var aliasArn = registry.RoleAliasArn(alias.Name);

        await output.WriteLineAsync("certcreds demo: an IoT device certificate becomes temporary AWS credentials, offline.").ConfigureAwait(false);
        await output.WriteLineAsync($"The built-in emulator of the AWS IoT credentials provider plays AWS, in {state.Path}.").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await Step(output, 1, "IAM role", $"{alias.RoleArn}, trusting credentials.iot.amazonaws.com (sts:AssumeRole)");
        await Step(output, 2, "Role alias", $"{alias.Name} -> that role, credentials valid {alias.CredentialDurationSeconds} s");
        await Step(output, 3, "IoT policy", $"{EmulatorStateDirectory.SeedPolicyName}: allows iot:AssumeRoleWithCertificate on {aliasArn}");
        await Step(output, 4, "Thing", $"{thing.ThingName}, with certificate {thing.CertificateId[..16]}… (the certificate ID is the SHA-256 of the certificate)");
        await Step(output, 5, "Device files", $"{thing.CertificatePath}, {thing.PrivateKeyPath} (PKCS#1, as the IoT console hands out), CA {state.RootCaPath}");
        await Step(output, 6, "Endpoint", $"{server.Endpoint} (on AWS: aws iot describe-endpoint --endpoint-type iot:CredentialProvider)");

        var settings = new CredentialSettings(
            new IdentityOptions(thing.CertificatePath, thing.PrivateKeyPath, null),
            new IotCredentialSource(new IotCredentialsRequest(IotEndpoint.Parse(server.Endpoint), alias.Name, thing.ThingName)),
            state.RootCaPath,
            TimeSpan.FromSeconds(10));
        var service = CliCredentials.Service(context);
        var started = Stopwatch.GetTimestamp();
        var credentials = await service.FetchAsync(settings, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await Step(output, 7, "Request", $"GET https://{server.Endpoint}/role-aliases/{alias.Name}/credentials, mutual TLS with the device certificate, x-amzn-iot-thingname: {thing.ThingName}");
        await output.WriteLineAsync($"                    -> 200 in {elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms, credentials for {credentials.AccessKeyId} until {CredentialProcessOutput.FormatExpiration(credentials.Expiration)}").ConfigureAwait(false);

        var json = Encoding.UTF8.GetString(CredentialProcessOutput.Serialize(credentials))
            .Replace(credentials.SecretAccessKey, Shorten(credentials.SecretAccessKey), StringComparison.Ordinal)
            .Replace(credentials.SessionToken, Shorten(credentials.SessionToken), StringComparison.Ordinal);
        await Step(output, 8, "Output", "what `certcreds credential-process` prints for the AWS CLI and SDKs (secrets shortened here):");
        await output.WriteLineAsync("    " + json.TrimEnd('\n')).ConfigureAwait(false);

        await Step(output, 9, "A mistake", "the same request with --thing-name client2, a thing that does not exist:");
        try
        {
            var wrong = settings with { Source = new IotCredentialSource(new IotCredentialsRequest(IotEndpoint.Parse(server.Endpoint), alias.Name, "client2")) };
            await service.FetchAsync(wrong, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("the emulator accepted a thing that does not exist");
        }
        catch (RejectedException e)
        {
            await output.WriteLineAsync($"    certcreds: {TerminalText.Escape(e.Message)} — {TerminalText.Escape(e.Hint)}").ConfigureAwait(false);
            await output.WriteLineAsync($"    (exit code {e.ExitCode}; the seed script would have printed nulls and exited 0)").ConfigureAwait(false);
        }

        await WalkThroughRolesAnywhereAsync(context, output, state, server, service, cancellationToken).ConfigureAwait(false);

        // A development build (dotnet run) is not what a user installs; name the usual install location instead.
        var binary = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "certcreds" && !path.Contains("/bin/Debug/", StringComparison.Ordinal) ? path : "/usr/local/bin/certcreds";
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("For real AWS, put this in ~/.aws/config (absolute paths; the Amazon roots are built in, so no --ca-cert):").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("    [profile iotrolesanywhere]").ConfigureAwait(false);
        await output.WriteLineAsync($"    credential_process = {binary} credential-process --endpoint PREFIX.credentials.iot.REGION.amazonaws.com --role-alias {alias.Name} --certificate /path/to/certificate.pem.crt --private-key /path/to/private.pem.key --thing-name {thing.ThingName}").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("    aws sts get-caller-identity --profile iotrolesanywhere").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("    [profile rolesanywhere]").ConfigureAwait(false);
        await output.WriteLineAsync($"    credential_process = {binary} credential-process --trust-anchor-arn arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID --profile-arn arn:aws:rolesanywhere:REGION:ACCOUNT:profile/ID --role-arn arn:aws:iam::ACCOUNT:role/NAME --certificate /path/to/certificate.pem --private-key /path/to/private.key --intermediates /path/to/intermediates.pem").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Emulator stopped and {state.Path} removed. Run your own with: certcreds emulator --state-dir DIR").ConfigureAwait(false);
    }

    /// <summary>The second way a certificate becomes credentials: IAM Roles Anywhere, against the emulator's other listener.</summary>
    private static async Task WalkThroughRolesAnywhereAsync(CliContext context, StreamWriter output, EmulatorStateDirectory state, EmulatorServer server, CredentialService service, CancellationToken cancellationToken)
    {
        var target = state.RolesAnywhereTarget(server.RolesAnywhereEndpoint);
        if (target is null)
        {
            return;
        }

        var device = state.RolesAnywhereDevice(EmulatorStateDirectory.RolesAnywhereRsaDevice);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("The same certificate-to-credentials step with IAM Roles Anywhere (no IoT; the request is signed instead of mutual TLS):").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await Step(output, 10, "Trust anchor", $"{target.TrustAnchorArn}: trusts the CA in {state.Path}/ra-ca");
        await Step(output, 11, "Profile", $"{target.ProfileArn}: may hand out {target.RoleArn}");
        await Step(output, 12, "IAM role", $"{target.RoleArn}, trusting rolesanywhere.amazonaws.com (sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity)");
        await Step(output, 13, "Device files", $"{device.CertificatePath} issued by an intermediate CA ({device.IntermediatesPath})");

        var settings = new CredentialSettings(
            new IdentityOptions(device.CertificatePath, device.PrivateKeyPath, null) { IntermediatesPath = device.IntermediatesPath },
            new RolesAnywhereSource(new RolesAnywhereRequest(target.TrustAnchorArn, target.ProfileArn, target.RoleArn, endpoint: target.Endpoint)),
            state.RootCaPath,
            TimeSpan.FromSeconds(10));
        var started = Stopwatch.GetTimestamp();
        var credentials = await service.FetchAsync(settings, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await Step(output, 14, "Request", $"POST https://{target.Endpoint}/sessions, signed AWS4-X509-RSA-SHA256 with the device key, X-Amz-X509 + X-Amz-X509-Chain");
        await output.WriteLineAsync($"                    -> 201 in {elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms, credentials for {credentials.AccessKeyId} until {CredentialProcessOutput.FormatExpiration(credentials.Expiration)}").ConfigureAwait(false);

        await Step(output, 15, "A mistake", "the same request without --intermediates, so the chain stops at the device certificate:");
        try
        {
            await service.FetchAsync(settings with { Identity = settings.Identity with { IntermediatesPath = null } }, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("the emulator accepted a certificate without its intermediate");
        }
        catch (RejectedException e)
        {
            await output.WriteLineAsync($"    certcreds: {TerminalText.Escape(e.Message)} — {TerminalText.Escape(e.Hint)}").ConfigureAwait(false);
            await output.WriteLineAsync($"    (exit code {e.ExitCode}; aws_signing_helper prints the bare AccessDeniedException)").ConfigureAwait(false);
        }
    }

    private static Task Step(StreamWriter output, int number, string title, string text) =>
        output.WriteLineAsync($"{number.ToString(CultureInfo.InvariantCulture),2}. {title,-15} {text}");

    private static string Shorten(string secret) => secret.Length <= 8 ? "…" : $"{secret[..4]}…({secret.Length} chars)";
}
