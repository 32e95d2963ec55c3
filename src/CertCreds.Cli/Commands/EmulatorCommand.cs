using System.CommandLine;
using CertCreds.Emulator.Hosting;
using CertCreds.Emulator.Pki;
using CertCreds.Emulator.State;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Protocol;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds emulator</c>: a local AWS IoT credentials provider (see src/CertCreds.Emulator/README.md), and
/// <c>certcreds emulator add-thing</c> to register more devices in its state directory.
/// </summary>
internal static class EmulatorCommand
{
    public static Command Create(CliContext context)
    {
        var stateDirectory = new Option<string>("--state-dir") { Description = "Folder holding emulator.json, the CA and device files; seeded with the seed article's world when empty", HelpName = "DIR", Required = true };
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1; 0 picks a free one (written to DIR/endpoint)", DefaultValueFactory = _ => 0, HelpName = "N" };
        var rolesAnywherePort = new Option<int>("--roles-anywhere-port") { Description = "TCP port on 127.0.0.1 for the IAM Roles Anywhere CreateSession listener; 0 picks a free one (written to DIR/roles-anywhere.json)", DefaultValueFactory = _ => 0, HelpName = "N" };
        var sts = new Option<string>("--sts-endpoint") { Description = "STS-compatible endpoint (moto, LocalStack) on this machine to obtain credentials from with sts:AssumeRole, signed with dummy keys; default: mint them locally", HelpName = "URL" };
        var allowRemoteSts = new Option<bool>("--allow-remote-sts") { Description = "Allow an --sts-endpoint that is not a loopback address or localhost (e.g. real STS)" };
        var stsEnvironmentCredentials = new Option<bool>("--sts-use-environment-credentials") { Description = "Sign sts:AssumeRole calls with this process's AWS credentials (environment, profile) instead of dummy keys" };
        var command = new Command("emulator", "Run a local emulator of the AWS IoT Core credentials provider (HTTPS, mutual TLS) and of IAM Roles Anywhere CreateSession until interrupted.");
        command.Options.Add(stateDirectory);
        command.Options.Add(port);
        command.Options.Add(rolesAnywherePort);
        command.Options.Add(sts);
        command.Options.Add(allowRemoteSts);
        command.Options.Add(stsEnvironmentCredentials);
        command.SetAction(async (result, cancellationToken) =>
        {
            var portValue = result.GetValue(port);
            if (portValue is < 0 or > 65535)
            {
                throw new UsageException($"the port {portValue} is out of range", "pass --port 0 for a free port, or a port from 1 to 65535");
            }

            var rolesAnywherePortValue = result.GetValue(rolesAnywherePort);
            if (rolesAnywherePortValue is < 0 or > 65535 || (rolesAnywherePortValue != 0 && rolesAnywherePortValue == portValue))
            {
                throw new UsageException($"the Roles Anywhere port {rolesAnywherePortValue} is out of range or equal to --port", "pass --roles-anywhere-port 0 for a free port, or another port from 1 to 65535");
            }

            Uri? stsEndpoint = null;
            var stsText = result.GetValue(sts);
            if (!string.IsNullOrEmpty(stsText) && (!Uri.TryCreate(stsText, UriKind.Absolute, out stsEndpoint) || (stsEndpoint.Scheme != Uri.UriSchemeHttp && stsEndpoint.Scheme != Uri.UriSchemeHttps)))
            {
                throw new UsageException($"the STS endpoint '{stsText}' is not an http(s) URL", "pass e.g. --sts-endpoint http://127.0.0.1:5000");
            }

            if (stsEndpoint is not null && !IsLoopback(stsEndpoint) && !result.GetValue(allowRemoteSts))
            {
                throw new UsageException($"the STS endpoint {stsEndpoint.Host} is not on this machine", "pass --allow-remote-sts as well to send sts:AssumeRole calls there");
            }

            if (result.GetValue(stsEnvironmentCredentials) && stsEndpoint is null)
            {
                throw new UsageException("--sts-use-environment-credentials needs --sts-endpoint", "pass --sts-endpoint URL, or drop --sts-use-environment-credentials");
            }

            // The emulator holds CA and device keys for as long as it runs.
            _ = NativeProcess.MakeNonDumpable();

            var options = new EmulatorHostOptions
            {
                StateDirectory = Path.GetFullPath(Path.Combine(context.WorkingDirectory, result.GetValue(stateDirectory)!)),
                Port = portValue,
                RolesAnywherePort = rolesAnywherePortValue,
                StsEndpoint = stsEndpoint,
                StsUseEnvironmentCredentials = result.GetValue(stsEnvironmentCredentials),
                TimeProvider = context.Clock,
            };
            return await EmulatorHost.RunAsync(options, context.Stderr, cancellationToken).ConfigureAwait(false);
        });
        command.Subcommands.Add(CreateAddThing(context));
        return command;
    }

    /// <summary>A loopback IP literal or localhost: names that no DNS answer can send elsewhere.</summary>
    private static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback && (endpoint.HostNameType != UriHostNameType.Dns || endpoint.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));

    private static Command CreateAddThing(CliContext context)
    {
        var stateDirectory = new Option<string>("--state-dir") { Description = "The emulator's state folder", HelpName = "DIR", Required = true };
        var thing = new Option<string>("--thing-name") { Description = "Name of the new thing", HelpName = "NAME", Required = true };
        var keyType = new Option<string>("--key-type") { Description = "rsa (RSA 2048, default) or ec (ECDSA P-256)", HelpName = "rsa|ec", DefaultValueFactory = _ => "rsa" };
        var command = new Command("add-thing", "Create a thing with a fresh device certificate, attached to it and to the seed policy; writes DIR/<thing>/certificate.pem.crt and private.pem.key.");
        command.Options.Add(stateDirectory);
        command.Options.Add(thing);
        command.Options.Add(keyType);
        command.SetAction(result =>
        {
            var name = result.GetValue(thing)!;
            if (!IotProtocol.IsValidThingName(name))
            {
                throw new UsageException($"the thing name '{name}' is not valid", "thing names are 1–128 letters, digits and :_-");
            }

            var type = result.GetValue(keyType) switch
            {
                "rsa" => DeviceKeyType.Rsa2048,
                "ec" => DeviceKeyType.EcdsaP256,
                var other => throw new UsageException($"unknown key type '{other}'", "pass --key-type rsa or --key-type ec"),
            };
            var state = EmulatorStateDirectory.Open(Path.GetFullPath(Path.Combine(context.WorkingDirectory, result.GetValue(stateDirectory)!)), context.Stderr);
            var files = state.AddThing(name, type);
            context.Stderr.WriteLine($"certcreds emulator: thing {files.ThingName} with certificate {files.CertificateId}");
            context.Stderr.WriteLine($"  certificate : {files.CertificatePath}");
            context.Stderr.WriteLine($"  private key : {files.PrivateKeyPath}");
            return 0;
        });
        return command;
    }
}
