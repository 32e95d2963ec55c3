using System.Globalization;
using System.Text;
using System.Xml.Linq;
using CertCreds.Provisioning.Aws;

namespace CertCreds.Provisioning.Iam;

/// <summary>
/// The IAM calls provisioning needs, one method per API action (query protocol: a form-encoded POST, an XML
/// answer), signed by <see cref="AwsSigner"/> for <c>us-east-1</c>, where IAM signs. Reads return null when the
/// entity does not exist.
/// </summary>
internal sealed class IamClient(AwsTransport transport)
{
    private const string FormType = "application/x-www-form-urlencoded; charset=utf-8";

    public static AwsRequest Call(string action, params (string Name, string Value)[] parameters)
    {
        var form = new StringBuilder($"Action={action}");
        foreach (var (name, value) in parameters.Append(("Version", "2010-05-08")))
        {
            form.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return new AwsRequest("iam:" + action, "POST", "/", [], Encoding.UTF8.GetBytes(form.ToString()), FormType);
    }

    private async Task<XDocument> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        var body = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return XDocument.Parse(Encoding.UTF8.GetString(body));
    }

    public async Task<IamRole?> GetRoleAsync(string name, CancellationToken cancellationToken)
    {
        XDocument answer;
        try
        {
            answer = await SendAsync(Call("GetRole", ("RoleName", name)), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceError e) when (e.IsNotFound)
        {
            return null;
        }

        var trust = IamXml.First(answer, "AssumeRolePolicyDocument") ?? string.Empty;
        if (trust.StartsWith('%'))
        {
            trust = Uri.UnescapeDataString(trust);
        }

        var max = int.TryParse(IamXml.First(answer, "MaxSessionDuration"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 3600;
        return new IamRole(name, IamXml.First(answer, "Arn") ?? string.Empty, trust, max);
    }

    public async Task<string> CreateRoleAsync(string name, string trustPolicy, int maxSessionDuration, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(
            Call("CreateRole", ("RoleName", name), ("AssumeRolePolicyDocument", trustPolicy), ("MaxSessionDuration", maxSessionDuration.ToString(CultureInfo.InvariantCulture)), ("Description", "Assumed by AWS IoT devices through an IoT role alias (certcreds provision)")),
            cancellationToken).ConfigureAwait(false);
        return IamXml.First(answer, "Arn") ?? string.Empty;
    }

    public Task UpdateAssumeRolePolicyAsync(string name, string trustPolicy, CancellationToken cancellationToken) =>
        SendAsync(Call("UpdateAssumeRolePolicy", ("RoleName", name), ("PolicyDocument", trustPolicy)), cancellationToken);

    public Task UpdateMaxSessionDurationAsync(string name, int seconds, CancellationToken cancellationToken) =>
        SendAsync(Call("UpdateRole", ("RoleName", name), ("MaxSessionDuration", seconds.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public async Task<IReadOnlyList<string>> ListAttachedRolePolicyArnsAsync(string name, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Call("ListAttachedRolePolicies", ("RoleName", name)), cancellationToken).ConfigureAwait(false);
        return [.. IamXml.All(answer, "PolicyArn").Select(e => e.Value)];
    }

    public Task AttachRolePolicyAsync(string name, string policyArn, CancellationToken cancellationToken) =>
        SendAsync(Call("AttachRolePolicy", ("RoleName", name), ("PolicyArn", policyArn)), cancellationToken);

    public Task DetachRolePolicyAsync(string name, string policyArn, CancellationToken cancellationToken) =>
        SendAsync(Call("DetachRolePolicy", ("RoleName", name), ("PolicyArn", policyArn)), cancellationToken);

    public Task DeleteRoleAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(Call("DeleteRole", ("RoleName", name)), cancellationToken);
}
