using System.CommandLine;
using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Output;
using CertCreds.Platform;
using CertCreds.Providers;

// The credential_process path through the core library, as the CLI wires it (not a product: a size probe).
var endpoint = new Option<string>("--endpoint");
var alias = new Option<string>("--role-alias");
var certificate = new Option<string>("--certificate");
var key = new Option<string>("--private-key");
var ca = new Option<string?>("--ca-cert");
var thing = new Option<string?>("--thing-name");
var root = new RootCommand("size probe") { endpoint, alias, certificate, key, ca, thing };
root.SetAction(async (result, cancellationToken) =>
{
    var clock = TimeProvider.System;
    var files = new FileReader(Environment.CurrentDirectory);
    var identity = new IdentityLoader(files, clock, () => null).Load(new IdentityOptions(result.GetValue(certificate)!, result.GetValue(key), null));
    var anchors = result.GetValue(ca) is { } caPath ? TrustAnchors.FromFile(files, caPath) : TrustAnchors.Embedded();
    var request = new IotCredentialsRequest(IotEndpoint.Parse(result.GetValue(endpoint)), result.GetValue(alias), result.GetValue(thing));
    var cacheKey = new CacheKey("iot", request.Endpoint.Authority, request.RoleAlias, request.ThingName, identity.CertificateId);
    using var cipher = CacheCipher.Create(identity.Certificate, cacheKey);
    var store = CacheStore.TryOpen(Path.Combine(Path.GetTempPath(), "certcreds-size-probe"), out _)!;
    var cache = new CredentialCache(store, clock);
    var recorder = new TlsFailureRecorder();
    var answer = await cache.GetAsync(cacheKey, cipher, async (timeout, token) =>
    {
        using var handler = MutualTlsHandlerFactory.Create(identity, anchors, recorder, null, TimeSpan.FromSeconds(5));
        using var http = new HttpMessageInvoker(handler);
        return await new IotCredentialsProvider(http, clock, recorder, Random.Shared.NextDouble).FetchAsync(request, timeout, token);
    }, TimeSpan.FromSeconds(10), cancellationToken);
    using var stdout = Console.OpenStandardOutput();
    stdout.Write(CredentialProcessOutput.Serialize(answer.Credentials));
    return 0;
});
return await root.Parse(args).InvokeAsync();
