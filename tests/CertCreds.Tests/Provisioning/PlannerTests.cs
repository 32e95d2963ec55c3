using CertCreds.Provisioning.Iam;
using CertCreds.Provisioning.Iot;
using CertCreds.Provisioning.Planning;

namespace CertCreds.Tests.Provisioning;

public sealed class PlannerTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/device-role";
    private const string AliasArn = "arn:aws:iot:eu-west-1:123456789012:rolealias/device-alias";

    private static ProvisionOptions Options(bool update = false, string? group = null, bool variables = false) =>
        new("eu-west-1", "device-1", "device-role", "device-alias", "device-policy", "/tmp/device-1", 3600, group, variables, [], false, update);

    private static Observed Empty() => new(null, [], null, null, false, null, [], [], null, []);

    /// <summary>Everything exactly as provision makes it, the local certificate attached.</summary>
    private static Observed Provisioned(bool variables = false) => new(
        new IamRole("device-role", RoleArn, PolicyDocuments.Trust(), 3600),
        [],
        new RoleAlias("device-alias", AliasArn, RoleArn, 3600),
        new IotPolicy("device-policy", "arn", PolicyDocuments.Device(AliasArn, variables)),
        true,
        null,
        [],
        ["arn:aws:iot:eu-west-1:123456789012:cert/abc"],
        "abc",
        ["device-policy"]);

    [Fact]
    public void An_empty_account_plans_every_resource_as_created_with_its_aws_cli_command()
    {
        var plan = Planner.Plan(Options(), Empty());

        Assert.All(plan, step => Assert.Equal(StepAction.Create, step.Action));
        Assert.Contains(plan, s => s.Resource == Planner.RoleResource && s.AwsCli!.StartsWith("aws iam create-role --role-name device-role --assume-role-policy-document '", StringComparison.Ordinal));
        Assert.Contains(plan, s => s.Resource == Planner.AliasResource && s.AwsCli == "aws iot create-role-alias --role-alias device-alias --role-arn arn:aws:iam::ACCOUNT:role/device-role --credential-duration-seconds 3600 --region eu-west-1");
        Assert.Contains(plan, s => s.Resource == Planner.CertificateResource && s.AwsCli!.Contains("create-certificate-from-csr", StringComparison.Ordinal));
    }

    [Fact]
    public void A_provisioned_device_plans_nothing_but_reuse()
    {
        var plan = Planner.Plan(Options(), Provisioned());

        Assert.All(plan, step => Assert.Equal(StepAction.Reuse, step.Action));
    }

    [Fact]
    public void A_drifted_alias_duration_is_reported_with_both_values_and_not_changed_without_update()
    {
        var drifted = Provisioned() with { Alias = new RoleAlias("device-alias", AliasArn, RoleArn, 900) };

        var step = Planner.Plan(Options(), drifted).Single(s => s.Resource == Planner.AliasResource);
        var updated = Planner.Plan(Options(update: true), drifted).Single(s => s.Resource == Planner.AliasResource);

        Assert.Equal(StepAction.Differs, step.Action);
        Assert.Equal("its credentialDurationSeconds is 900, provision wants 3600", step.Difference);
        Assert.StartsWith("aws iot update-role-alias --role-alias device-alias", step.AwsCli, StringComparison.Ordinal);
        Assert.Equal(StepAction.Update, updated.Action);
    }

    [Fact]
    public void An_alias_pointing_at_another_role_is_a_difference()
    {
        var other = Provisioned() with { Alias = new RoleAlias("device-alias", AliasArn, "arn:aws:iam::123456789012:role/admin", 3600) };

        var step = Planner.Plan(Options(), other).Single(s => s.Resource == Planner.AliasResource);

        Assert.Equal(StepAction.Differs, step.Action);
        Assert.Contains("points at arn:aws:iam::123456789012:role/admin", step.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_that_trusts_another_principal_or_allows_too_short_sessions_is_a_difference()
    {
        const string Wider = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""";
        var wide = Provisioned() with { Role = new IamRole("device-role", RoleArn, Wider, 1800) };

        var step = Planner.Plan(Options(), wide).Single(s => s.Resource == Planner.RoleResource);

        Assert.Equal(StepAction.Differs, step.Action);
        Assert.Contains("its trust policy is", step.Difference, StringComparison.Ordinal);
        Assert.Contains("MaxSessionDuration 1800 s is shorter than the alias duration 3600 s", step.Difference, StringComparison.Ordinal);
        Assert.Contains("update-assume-role-policy", step.AwsCli, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_on_a_wider_resource_is_a_difference_and_key_order_is_not()
    {
        var reordered = """{"Statement":[{"Resource":"%ARN%","Action":"iot:AssumeRoleWithCertificate","Effect":"Allow"}],"Version":"2012-10-17"}""".Replace("%ARN%", AliasArn, StringComparison.Ordinal);
        var wide = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""";

        Assert.Equal(StepAction.Reuse, Planner.Plan(Options(), Provisioned() with { Policy = new IotPolicy("device-policy", "arn", reordered) }).Single(s => s.Resource == Planner.PolicyResource).Action);
        Assert.Equal(StepAction.Differs, Planner.Plan(Options(), Provisioned() with { Policy = new IotPolicy("device-policy", "arn", wide) }).Single(s => s.Resource == Planner.PolicyResource).Action);
    }

    [Fact]
    public void The_documents_are_exactly_the_least_privilege_ones()
    {
        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"credentials.iot.amazonaws.com"},"Action":"sts:AssumeRole"}]}""", PolicyDocuments.Trust());
        Assert.Equal($$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:AssumeRoleWithCertificate","Resource":"{{AliasArn}}"}]}""", PolicyDocuments.Device(AliasArn, false));
        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:AssumeRoleWithCertificate","Resource":"%ARN%","Condition":{"Bool":{"iot:Connection.Thing.IsAttached":"true"}}}]}""".Replace("%ARN%", AliasArn, StringComparison.Ordinal), PolicyDocuments.Device(AliasArn, true));
    }

    [Fact]
    public void A_thing_group_is_created_and_joined_once()
    {
        var fresh = Planner.Plan(Options(group: "fleet"), Provisioned());
        var joined = Planner.Plan(Options(group: "fleet"), Provisioned() with { ThingGroupExists = true, ThingGroups = ["fleet"] });

        Assert.Equal(StepAction.Create, fresh.Single(s => s.Resource == Planner.GroupResource).Action);
        Assert.Equal(StepAction.Create, fresh.Single(s => s.Resource == Planner.MembershipResource).Action);
        Assert.All(joined, step => Assert.Equal(StepAction.Reuse, step.Action));
    }

    [Fact]
    public void A_local_certificate_the_thing_does_not_have_is_attached_not_replaced()
    {
        var plan = Planner.Plan(Options(), Provisioned() with { ThingPrincipals = [], LocalCertificatePolicies = [] });

        Assert.Equal(StepAction.Reuse, plan.Single(s => s.Resource == Planner.CertificateResource).Action);
        Assert.Equal(StepAction.Create, plan.Single(s => s.Resource == Planner.PrincipalAttachmentResource).Action);
        Assert.Equal(StepAction.Create, plan.Single(s => s.Resource == Planner.PolicyAttachmentResource).Action);
    }

    [Fact]
    public void The_rendered_plan_shows_the_difference_and_the_command_under_each_resource()
    {
        var drifted = Provisioned() with { Alias = new RoleAlias("device-alias", AliasArn, RoleArn, 900) };

        var text = PlanRenderer.Render(Planner.Plan(Options(), drifted));

        Assert.Contains("DIFFERS iot role alias device-alias\n        its credentialDurationSeconds is 900, provision wants 3600\n        $ aws iot update-role-alias ", text, StringComparison.Ordinal);
        Assert.Contains("reuse   iot thing device-1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Aws_cli_words_are_quoted_only_when_a_shell_would_split_them()
    {
        Assert.Equal("aws iot create-thing --thing-name device-1", AwsCli.Command("iot", "create-thing", "--thing-name", "device-1"));
        Assert.Equal("aws x '{\"a\": \"it'\\''s\"}'", AwsCli.Command("x", "{\"a\": \"it's\"}"));
    }
}
