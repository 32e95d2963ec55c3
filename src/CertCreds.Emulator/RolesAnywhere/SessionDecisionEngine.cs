using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertCreds.Emulator.Registry;

namespace CertCreds.Emulator.RolesAnywhere;

/// <summary>
/// CreateSession's checks as a function of the request, the registry and the clock. Order: route → signature
/// (Authorization, date window, scope, certificate, signature) → parameters and body → trust anchor → chain to the
/// anchor's CA and validity now → profile → role in profile → role session name → role trusts the service →
/// duration. The first failure answers. The order after the signature is the emulator's (AWS's is unrecorded).
/// </summary>
public static class SessionDecisionEngine
{
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 43200;
    public const int DefaultDurationSeconds = 3600;

    public static SessionDecision Decide(SessionRequest request, RegistryDocument registry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(registry);
        if (!string.Equals(request.Method, "POST", StringComparison.Ordinal) || !string.Equals(request.RawPath, "/sessions", StringComparison.Ordinal))
        {
            return SessionDecision.Error(404, RolesAnywhereMessages.ResourceNotFound, RolesAnywhereMessages.NotFound);
        }

        var check = SigV4X509Verifier.Verify(request, registry.Settings.Region, now);
        if (check.Signer is not { } signer)
        {
            return SessionDecision.Error(403, RolesAnywhereMessages.AccessDenied, check.Failure!);
        }

        using (signer)
        {
            return DecideSigned(request, registry, now, signer);
        }
    }

    private static SessionDecision DecideSigned(SessionRequest request, RegistryDocument registry, DateTimeOffset now, VerifiedSigner signer)
    {
        var serial = signer.SerialHex;
        var body = ReadBody(request.Body);
        if (body is null)
        {
            return SessionDecision.Error(400, RolesAnywhereMessages.Validation, RolesAnywhereMessages.MalformedBody, serial);
        }

        // AWS takes the three ARNs as query parameters or in the body; the query wins when both are present.
        var query = QueryParameters(request.RawQuery);
        var profileArn = query.GetValueOrDefault("profileArn") ?? body.Value.ProfileArn;
        var roleArn = query.GetValueOrDefault("roleArn") ?? body.Value.RoleArn;
        var trustAnchorArn = query.GetValueOrDefault("trustAnchorArn") ?? body.Value.TrustAnchorArn;
        foreach (var (name, value) in new[] { ("profileArn", profileArn), ("roleArn", roleArn), ("trustAnchorArn", trustAnchorArn) })
        {
            if (string.IsNullOrEmpty(value))
            {
                return SessionDecision.Error(400, RolesAnywhereMessages.Validation, RolesAnywhereMessages.MissingParameter(name), serial);
            }
        }

        if (body.Value.Error is { } bodyError)
        {
            return SessionDecision.Error(400, RolesAnywhereMessages.Validation, bodyError, serial);
        }

        var duration = body.Value.DurationSeconds ?? DefaultDurationSeconds;
        if (duration < MinDurationSeconds)
        {
            return SessionDecision.Error(400, RolesAnywhereMessages.Validation, RolesAnywhereMessages.DurationTooShort(duration), serial);
        }

        if (duration > MaxDurationSeconds)
        {
            return SessionDecision.Error(400, RolesAnywhereMessages.Validation, RolesAnywhereMessages.DurationTooLong(duration), serial);
        }

        var anchor = registry.TrustAnchors.Find(a => string.Equals(a.Arn, trustAnchorArn, StringComparison.Ordinal));
        if (anchor is null)
        {
            return SessionDecision.Error(404, RolesAnywhereMessages.ResourceNotFound, RolesAnywhereMessages.TrustAnchorNotFound, serial);
        }

        if (!anchor.Enabled)
        {
            return SessionDecision.Error(403, RolesAnywhereMessages.AccessDenied, RolesAnywhereMessages.TrustAnchorDisabled, serial);
        }

        if (!ChainsToAnchor(signer, anchor, now))
        {
            return SessionDecision.Error(403, RolesAnywhereMessages.AccessDenied, RolesAnywhereMessages.UntrustedCertificate, serial);
        }

        var profile = registry.Profiles.Find(p => string.Equals(p.Arn, profileArn, StringComparison.Ordinal));
        if (profile is null)
        {
            return SessionDecision.Error(404, RolesAnywhereMessages.ResourceNotFound, RolesAnywhereMessages.ProfileNotFound, serial);
        }

        if (!profile.Enabled)
        {
            return SessionDecision.Error(403, RolesAnywhereMessages.AccessDenied, RolesAnywhereMessages.ProfileDisabled, serial);
        }

        if (!profile.RoleArns.Contains(roleArn!, StringComparer.Ordinal))
        {
            return SessionDecision.Error(403, RolesAnywhereMessages.AccessDenied, RolesAnywhereMessages.RoleNotInProfile, serial);
        }

        if (body.Value.RoleSessionName is not null && !profile.AcceptRoleSessionName)
        {
            return SessionDecision.Error(403, RolesAnywhereMessages.AccessDenied, RolesAnywhereMessages.RoleSessionNameNotAllowed, serial);
        }

        var role = registry.Roles.Find(r => string.Equals(r.Arn, roleArn, StringComparison.Ordinal));
        if (role is null || !role.TrustsRolesAnywhere)
        {
            return SessionDecision.Error(403, RolesAnywhereMessages.AccessDenied, RolesAnywhereMessages.UnableToAssumeRole, serial);
        }

        if (duration > profile.DurationSeconds)
        {
            return SessionDecision.Error(400, RolesAnywhereMessages.Validation, RolesAnywhereMessages.DurationOverProfile, serial);
        }

        if (duration > role.MaxSessionDurationSeconds)
        {
            return SessionDecision.Error(400, RolesAnywhereMessages.Validation, RolesAnywhereMessages.DurationOverRole, serial);
        }

        return SessionDecision.Success(new SessionGrant(
            serial, signer.Leaf.Subject, anchor.Arn, profile.Arn, role.Arn, (int)duration, body.Value.RoleSessionName ?? serial));
    }

    /// <summary>
    /// The chain from the leaf through the intermediates the request sent to one of the anchor's certificates, checked
    /// at the injected clock's now: no system roots, no revocation or AIA downloads (a missing intermediate must fail).
    /// </summary>
    internal static bool ChainsToAnchor(VerifiedSigner signer, TrustAnchorEntry anchor, DateTimeOffset now)
    {
        var anchors = new X509Certificate2Collection();
        try
        {
            anchors.ImportFromPem(anchor.CertificateBundle);
        }
        catch (CryptographicException)
        {
            return false;
        }

        try
        {
            if (anchors.Count == 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
            chain.ChainPolicy.ExtraStore.AddRange(signer.Intermediates.ToArray());
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            if (chain.Build(signer.Leaf))
            {
                return true;
            }

            // An anchor may hold an intermediate CA: .NET then reports a partial chain, since the anchor is not
            // self-signed. Accept the chain when it reaches an anchor certificate with no other fault on the way.
            for (var i = 0; i < chain.ChainElements.Count; i++)
            {
                var element = chain.ChainElements[i];
                if (element.ChainElementStatus.Any(s => s.Status is not (X509ChainStatusFlags.PartialChain or X509ChainStatusFlags.UntrustedRoot)))
                {
                    return false;
                }

                if (anchors.Any(a => a.RawDataMemory.Span.SequenceEqual(element.Certificate.RawDataMemory.Span)))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            foreach (var certificate in anchors)
            {
                certificate.Dispose();
            }
        }
    }

    private static Dictionary<string, string> QueryParameters(string rawQuery)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in (rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? item : item[..equals]);
            parameters.TryAdd(name, Uri.UnescapeDataString(equals < 0 ? "" : item[(equals + 1)..]));
        }

        return parameters;
    }

    /// <summary>The body's fields; null when it is not a JSON object at all. An empty body is an empty object.</summary>
    private static SessionBody? ReadBody(byte[] body)
    {
        if (body.Length == 0)
        {
            return new SessionBody(null, null, null, null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var root = document.RootElement;
            long? duration = null;
            string? error = null;
            if (root.TryGetProperty("durationSeconds", out var durationElement) && durationElement.ValueKind != JsonValueKind.Null)
            {
                if (durationElement.ValueKind == JsonValueKind.Number && durationElement.TryGetInt64(out var value))
                {
                    duration = value;
                }
                else
                {
                    error = "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must be an integer";
                }
            }

            string? sessionName = null;
            if (root.TryGetProperty("roleSessionName", out var nameElement) && nameElement.ValueKind != JsonValueKind.Null)
            {
                sessionName = nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString() : null;
                if (sessionName is null || sessionName.Length is < 2 or > 64 || !sessionName.All(c => char.IsAsciiLetterOrDigit(c) || "+=,.@-_".Contains(c, StringComparison.Ordinal)))
                {
                    error ??= "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and match [\\w+=,.@-]*";
                }
            }

            return new SessionBody(duration, sessionName, String(root, "profileArn"), String(root, "roleArn"), String(root, "trustAnchorArn"), error);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
}
