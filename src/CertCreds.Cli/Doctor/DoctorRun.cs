using CertCreds.Certificates;
using CertCreds.Platform;
using CertCreds.Sources;

namespace CertCreds.Cli.Doctor;

/// <summary>The state one doctor run shares between its checks: settings, what earlier checks found, and the results so far.</summary>
internal sealed class DoctorRun(CliContext context, CredentialSettings settings, string? profile) : IDisposable
{
    private readonly List<CheckResult> results = [];

    /// <summary>When the network checks began and how long they may take in all (--timeout): each step gets what is left.</summary>
    private long networkStarted;

    public CliContext Context { get; } = context;

    public CredentialSettings Settings { get; } = settings;

    public ICredentialSource Source => Settings.Source;

    /// <summary>The <c>--profile</c> to compare with this setup, if any.</summary>
    public string? Profile { get; } = profile;

    public CredentialService Service { get; } = CliCredentials.Service(context);

    public FileReader Files { get; } = new(context.WorkingDirectory);

    public IReadOnlyList<CheckResult> Results => results;

    /// <summary>The loaded identity (owned by this run), or null when it could not be loaded.</summary>
    public DeviceIdentity? Identity { get; set; }

    /// <summary>True once a check tried to load the identity: a token's PIN is tried at most once per run.</summary>
    public bool IdentityTried { get; set; }

    public TrustAnchors? Anchors { get; set; }

    /// <summary>True once the network steps before the request (DNS, TCP, TLS) passed or were left to the proxy.</summary>
    public bool ConnectionOk { get; set; }

    /// <summary>Adds a line; true when it passed or only warned.</summary>
    public bool Add(CheckResult result)
    {
        results.Add(result);
        return result.Status is CheckStatus.Pass or CheckStatus.Warn;
    }

    public void StartNetworkClock() => networkStarted = Context.Clock.GetTimestamp();

    /// <summary>A step's own limit, cut to what is left of --timeout (zero when nothing is: the step then fails at once).</summary>
    public TimeSpan StepTimeout(TimeSpan stepLimit)
    {
        var left = Settings.Timeout - Context.Clock.GetElapsedTime(networkStarted);
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < stepLimit ? left : stepLimit;
    }

    /// <summary>HTTPS_PROXY as the network checks read it: through a proxy, DNS, TCP and TLS are the proxy's steps.</summary>
    public string? HttpsProxy => Context.GetEnvironmentVariable("HTTPS_PROXY") ?? Context.GetEnvironmentVariable("https_proxy");

    /// <summary>HOST[:PORT] of the source's endpoint, as messages name it.</summary>
    public string Authority
    {
        get
        {
            var host = Source.Host.Contains(':', StringComparison.Ordinal) ? $"[{Source.Host}]" : Source.Host;
            return Source.Port == 443 ? host : $"{host}:{Source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }
    }

    public void Dispose() => Identity?.Dispose();

    public static string FormatDuration(TimeSpan span) =>
        span >= TimeSpan.FromHours(1) ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : span >= TimeSpan.FromMinutes(1) ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
        : $"{(int)span.TotalSeconds} s";
}
