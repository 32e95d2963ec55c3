using System.Text.Json;
using CertCreds.Provisioning.Aws;

namespace CertCreds.Provisioning.Iot;

/// <summary>
/// The AWS IoT control-plane calls provisioning needs, one method per API action (REST-JSON), signed by
/// <see cref="AwsSigner"/>. Reads return null when the resource does not exist; every other failure is an
/// <see cref="AwsServiceError"/>.
/// </summary>
internal sealed class IotClient(AwsTransport transport)
{
    private const string JsonType = "application/json";

    public string Region => transport.Region;

    /// <summary>Names of things, policies and aliases are path-safe apart from <c>:</c>, which the SDK's path encoding handles.</summary>
    private static string Segment(string value) => value;

    private static AwsRequest Call(string action, string method, string path, byte[]? body = null, params KeyValuePair<string, string>[] query) =>
        new("iot:" + action, method, path, query, body, body is null ? null : JsonType);

    private async Task<JsonElement?> ReadAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceError e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task<JsonElement> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        var body = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public async Task<string> DescribeCredentialsEndpointAsync(CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Call("DescribeEndpoint", "GET", "/endpoint", null, new KeyValuePair<string, string>("endpointType", "iot:CredentialProvider")), cancellationToken).ConfigureAwait(false);
        return Json.String(answer, "endpointAddress") ?? string.Empty;
    }

    public async Task<RoleAlias?> DescribeRoleAliasAsync(string alias, CancellationToken cancellationToken)
    {
        var answer = await ReadAsync(Call("DescribeRoleAlias", "GET", $"/role-aliases/{Segment(alias)}"), cancellationToken).ConfigureAwait(false);
        if (answer is not { } found || !found.TryGetProperty("roleAliasDescription", out var description))
        {
            return null;
        }

        return new RoleAlias(Json.String(description, "roleAlias") ?? alias, Json.String(description, "roleAliasArn") ?? string.Empty, Json.String(description, "roleArn") ?? string.Empty, Json.Int(description, "credentialDurationSeconds") ?? 3600);
    }

    public async Task<string> CreateRoleAliasAsync(string alias, string roleArn, int durationSeconds, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Call("CreateRoleAlias", "POST", $"/role-aliases/{Segment(alias)}", Json.Object(("roleArn", roleArn), ("credentialDurationSeconds", durationSeconds))), cancellationToken).ConfigureAwait(false);
        return Json.String(answer, "roleAliasArn") ?? string.Empty;
    }

    public Task UpdateRoleAliasAsync(string alias, string roleArn, int durationSeconds, CancellationToken cancellationToken) =>
        SendAsync(Call("UpdateRoleAlias", "PUT", $"/role-aliases/{Segment(alias)}", Json.Object(("roleArn", roleArn), ("credentialDurationSeconds", durationSeconds))), cancellationToken);

    public Task DeleteRoleAliasAsync(string alias, CancellationToken cancellationToken) =>
        SendAsync(Call("DeleteRoleAlias", "DELETE", $"/role-aliases/{Segment(alias)}"), cancellationToken);

    public async Task<IotPolicy?> GetPolicyAsync(string name, CancellationToken cancellationToken)
    {
        var answer = await ReadAsync(Call("GetPolicy", "GET", $"/policies/{Segment(name)}"), cancellationToken).ConfigureAwait(false);
        return answer is { } found ? new IotPolicy(name, Json.String(found, "policyArn") ?? string.Empty, Json.String(found, "policyDocument") ?? string.Empty) : null;
    }

    public Task CreatePolicyAsync(string name, string document, CancellationToken cancellationToken) =>
        SendAsync(Call("CreatePolicy", "POST", $"/policies/{Segment(name)}", Json.Object(("policyDocument", document))), cancellationToken);

    public Task CreatePolicyVersionAsync(string name, string document, CancellationToken cancellationToken) =>
        SendAsync(Call("CreatePolicyVersion", "POST", $"/policies/{Segment(name)}/version", Json.Object(("policyDocument", document)), new KeyValuePair<string, string>("setAsDefault", "true")), cancellationToken);

    public Task DeletePolicyAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(Call("DeletePolicy", "DELETE", $"/policies/{Segment(name)}"), cancellationToken);

    public async Task<string?> DescribeThingAsync(string thing, CancellationToken cancellationToken)
    {
        var answer = await ReadAsync(Call("DescribeThing", "GET", $"/things/{Segment(thing)}"), cancellationToken).ConfigureAwait(false);
        return answer is { } found ? Json.String(found, "thingArn") ?? string.Empty : null;
    }

    public Task CreateThingAsync(string thing, CancellationToken cancellationToken) =>
        SendAsync(Call("CreateThing", "POST", $"/things/{Segment(thing)}", Json.Object()), cancellationToken);

    public Task DeleteThingAsync(string thing, CancellationToken cancellationToken) =>
        SendAsync(Call("DeleteThing", "DELETE", $"/things/{Segment(thing)}"), cancellationToken);

    public async Task<bool> ThingGroupExistsAsync(string group, CancellationToken cancellationToken) =>
        await ReadAsync(Call("DescribeThingGroup", "GET", $"/thing-groups/{Segment(group)}"), cancellationToken).ConfigureAwait(false) is not null;

    public Task CreateThingGroupAsync(string group, CancellationToken cancellationToken) =>
        SendAsync(Call("CreateThingGroup", "POST", $"/thing-groups/{Segment(group)}", Json.Object()), cancellationToken);

    public Task AddThingToThingGroupAsync(string group, string thing, CancellationToken cancellationToken) =>
        SendAsync(Call("AddThingToThingGroup", "PUT", "/thing-groups/addThingToThingGroup", Json.Object(("thingGroupName", group), ("thingName", thing))), cancellationToken);

    /// <summary>The PEM of a certificate in the account, or null when there is none with that ID.</summary>
    public async Task<string?> DescribeCertificatePemAsync(string certificateId, CancellationToken cancellationToken)
    {
        var answer = await ReadAsync(Call("DescribeCertificate", "GET", $"/certificates/{Segment(certificateId)}"), cancellationToken).ConfigureAwait(false);
        return answer is { } found && found.TryGetProperty("certificateDescription", out var description) ? Json.String(description, "certificatePem") : null;
    }

    public async Task<IReadOnlyList<string>> ListThingGroupsForThingAsync(string thing, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Call("ListThingGroupsForThing", "GET", $"/things/{Segment(thing)}/thing-groups"), cancellationToken).ConfigureAwait(false);
        return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("thingGroups", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(g => Json.String(g, "groupName")).OfType<string>()]
            : [];
    }

    public async Task<IReadOnlyList<string>> ListThingPrincipalsAsync(string thing, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Call("ListThingPrincipals", "GET", $"/things/{Segment(thing)}/principals"), cancellationToken).ConfigureAwait(false);
        return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("principals", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(p => p.GetString()).OfType<string>()]
            : [];
    }

    public async Task<IssuedCertificate> CreateCertificateFromCsrAsync(string csrPem, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Call("CreateCertificateFromCsr", "POST", "/certificates", Json.Object(("certificateSigningRequest", csrPem)), new KeyValuePair<string, string>("setAsActive", "true")), cancellationToken).ConfigureAwait(false);
        return new IssuedCertificate(Json.String(answer, "certificateId") ?? string.Empty, Json.String(answer, "certificateArn") ?? string.Empty, Json.String(answer, "certificatePem") ?? string.Empty, null);
    }

    public async Task<IssuedCertificate> CreateKeysAndCertificateAsync(CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Call("CreateKeysAndCertificate", "POST", "/keys-and-certificate", Json.Object(), new KeyValuePair<string, string>("setAsActive", "true")), cancellationToken).ConfigureAwait(false);
        var key = answer.TryGetProperty("keyPair", out var pair) ? Json.String(pair, "PrivateKey") : null;
        return new IssuedCertificate(Json.String(answer, "certificateId") ?? string.Empty, Json.String(answer, "certificateArn") ?? string.Empty, Json.String(answer, "certificatePem") ?? string.Empty, key);
    }

    public Task AttachPolicyAsync(string policy, string target, CancellationToken cancellationToken) =>
        SendAsync(Call("AttachPolicy", "PUT", $"/target-policies/{Segment(policy)}", Json.Object(("target", target))), cancellationToken);

    public Task DetachPolicyAsync(string policy, string target, CancellationToken cancellationToken) =>
        SendAsync(Call("DetachPolicy", "POST", $"/target-policies/{Segment(policy)}", Json.Object(("target", target))), cancellationToken);

    public async Task<IReadOnlyList<string>> ListAttachedPoliciesAsync(string target, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Call("ListAttachedPolicies", "POST", "/attached-policies/{target}") with { PathValues = [new("target", target)] }, cancellationToken).ConfigureAwait(false);
        return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("policies", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(p => Json.String(p, "policyName")).OfType<string>()]
            : [];
    }

    public Task AttachThingPrincipalAsync(string thing, string principal, CancellationToken cancellationToken) =>
        SendAsync(Call("AttachThingPrincipal", "PUT", $"/things/{Segment(thing)}/principals") with { Headers = [new("x-amzn-principal", principal)] }, cancellationToken);

    public Task DetachThingPrincipalAsync(string thing, string principal, CancellationToken cancellationToken) =>
        SendAsync(Call("DetachThingPrincipal", "DELETE", $"/things/{Segment(thing)}/principals") with { Headers = [new("x-amzn-principal", principal)] }, cancellationToken);

    public Task DeactivateCertificateAsync(string certificateId, CancellationToken cancellationToken) =>
        SendAsync(Call("UpdateCertificate", "PUT", $"/certificates/{Segment(certificateId)}", null, new KeyValuePair<string, string>("newStatus", "INACTIVE")), cancellationToken);

    public Task DeleteCertificateAsync(string certificateId, CancellationToken cancellationToken) =>
        SendAsync(Call("DeleteCertificate", "DELETE", $"/certificates/{Segment(certificateId)}"), cancellationToken);
}
