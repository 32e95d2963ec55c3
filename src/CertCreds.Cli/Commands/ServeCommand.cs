using System.CommandLine;
using System.Net;
using System.Text;
using CertCreds.Cli.Options;
using CertCreds.Cli.Serving;
using CertCreds.Errors;
using CertCreds.Output;
using CertCreds.Platform;
using CertCreds.Serving;
using CertCreds.Sources;

namespace CertCreds.Cli.Commands;

/// <summary>
/// <c>certcreds serve</c>: a local credentials endpoint for daemons and containers, in both shapes AWS SDKs poll
/// (container credentials and IMDSv2), refreshed ahead of expiry. Prints the <c>export</c> lines on stdout,
/// runs until SIGINT/SIGTERM.
/// </summary>
internal static class ServeCommand
{
    /// <summary>aws_signing_helper serve's default port.</summary>
    public const int RolesAnywhereDefaultPort = 9911;

    public static Command Create(CliContext context)
    {
        var identity = new IdentityArguments();
        var port = new Option<int>("--port") { Description = $"TCP port; 0 picks a free one (the default for IoT; with IAM Roles Anywhere the default is {RolesAnywhereDefaultPort}, as aws_signing_helper's)", DefaultValueFactory = _ => 0, HelpName = "N" };
        var hopLimit = new Option<int>("--hop-limit") { Description = "Accepted for aws_signing_helper command lines; no effect: the IMDS endpoint answers loopback clients only (and only this user's processes unless --imds-any-local-user), which the hop limit only approximates", HelpName = "N" };
        var address = new Option<string>("--address") { Description = "Address to listen on (default 127.0.0.1). Anything but loopback needs --allow-remote", DefaultValueFactory = _ => "127.0.0.1", HelpName = "IP" };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow a non-loopback --address: anyone who can reach it and holds the token gets the role's credentials" };
        var tokenFile = new Option<string>("--token-file") { Description = "Write the container token to this file (0600, no trailing newline) and print AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE instead of the token", HelpName = "PATH" };
        var imdsAnyUser = new Option<bool>("--imds-any-local-user") { Description = "Let every user of this machine use the IMDS endpoint, which has no secret: it gives the role's credentials to every local user. Without it, IMDS answers only processes of the user running serve" };
        var accessLog = new Option<bool>("--access-log") { Description = "Log one line per request on stderr (method, path, status, time; never a token)" };
        var command = new Command("serve", "Serve credentials to AWS SDKs on a local container-credentials endpoint and an IMDSv2-compatible endpoint, refreshed before they expire.");
        identity.AddTo(command);
        foreach (var option in (Option[])[port, address, allowRemote, imdsAnyUser, tokenFile, accessLog, hopLimit])
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = identity.Resolve(result, context.GetEnvironmentVariable);
            // aws_signing_helper serves on 9911 unless told otherwise: existing AWS_EC2_METADATA_SERVICE_ENDPOINT
            // settings keep working when certcreds takes its place.
            var portValue = result.GetResult(port) is { Implicit: false } || settings.Source.Kind != RolesAnywhereSource.SourceKind
                ? result.GetValue(port)
                : RolesAnywhereDefaultPort;
            if (portValue is < 0 or > 65535)
            {
                throw new UsageException($"the port {portValue} is out of range", "pass --port 0 for a free port, or a port from 1 to 65535");
            }

            var bind = ParseAddress(result.GetValue(address)!, result.GetValue(allowRemote));
            if (!IPAddress.IsLoopback(bind))
            {
                ErrorReporter.Warn(context.Stderr, $"SERVING CREDENTIALS ON {bind}, NOT ONLY ON THIS MACHINE: anyone who can reach this address and learns the token gets the role's credentials over plain HTTP; the IMDS endpoint answers loopback clients only");
            }

            var imds = result.GetValue(imdsAnyUser) ? ImdsAccess.AnyLocalUser : ImdsAccess.OwnerOnly;
            if (imds == ImdsAccess.AnyLocalUser)
            {
                ErrorReporter.Warn(context.Stderr, "--imds-any-local-user: every user of this machine can get the role's credentials from the IMDS endpoint");
            }

            var runtime = await ServeRuntime.StartAsync(context, settings, bind, portValue, imds, result.GetValue(accessLog), tolerateTransientStart: true, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var tokenPath = result.GetValue(tokenFile);
                string tokenLine;
                if (string.IsNullOrEmpty(tokenPath))
                {
                    tokenLine = $"export {ServeProtocol.AuthorizationTokenVariable}={runtime.Token}";
                }
                else
                {
                    var fullPath = Path.GetFullPath(Path.Combine(context.WorkingDirectory, tokenPath));
                    try
                    {
                        AtomicFile.WriteText(fullPath, runtime.Token, secret: true);
                    }
                    catch (Exception e) when (FileFault.IsFileFault(e))
                    {
                        throw new LocalFileException($"the token file {fullPath} cannot be written: {FileFault.Describe(e, fullPath)}", "pass a --token-file path in a folder this user can write", e);
                    }
                    tokenLine = $"export {ServeProtocol.AuthorizationTokenFileVariable}={fullPath}";
                }

                // stdout carries exactly these lines, for `eval "$(certcreds serve … &)"`-style use; humans read stderr.
                // The IMDS endpoint ends in '/': AWS CLI v2 before late 2024 appends "latest/api/token" without a
                // slash, and SDKs that add "/latest/…" themselves send "//latest/…", which the router collapses.
                var exports = $"export {ServeProtocol.FullUriVariable}={runtime.Server.ContainerUri}\n{tokenLine}\nexport {ServeProtocol.ImdsEndpointVariable}={runtime.Server.LocalBase}/\n";
                await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(exports), cancellationToken).ConfigureAwait(false);
                await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                var current = runtime.State.Current;
                var until = current is null ? "none yet (retrying)" : $"{current.Credentials.AccessKeyId} until {CredentialProcessOutput.FormatExpiration(current.Credentials.Expiration)}";
                await context.Stderr.WriteLineAsync($"certcreds serve: listening on http://{FormatHost(bind)}:{runtime.Server.Port} (container: {ServeProtocol.ContainerPath}, IMDSv2: /latest/); credentials {until}; stop with Ctrl+C").ConfigureAwait(false);
                if (runtime.Server.Port != ClientCompatibility.RubyImdsPort)
                {
                    await context.Stderr.WriteLineAsync(ClientCompatibility.ServePortNote).ConfigureAwait(false);
                }

                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // SIGINT/SIGTERM: the normal way to stop.
                }
            }

            await context.Stderr.WriteLineAsync("certcreds serve: stopped").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static IPAddress ParseAddress(string text, bool allowRemote)
    {
        if (!IPAddress.TryParse(text, out var parsed))
        {
            throw new UsageException($"'{text}' is not an IP address", "pass --address 127.0.0.1 (the default) or another IP address");
        }

        if (!IPAddress.IsLoopback(parsed) && !allowRemote)
        {
            throw new UsageException($"{text} is not a loopback address", "serving credentials beyond this machine needs --allow-remote as well; keep the default 127.0.0.1 unless a container on another network must reach it");
        }

        return parsed;
    }

    private static string FormatHost(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
