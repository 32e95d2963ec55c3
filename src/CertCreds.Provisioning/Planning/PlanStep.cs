namespace CertCreds.Provisioning.Planning;

/// <summary>One resource of the plan: what it is, what happens to it, why (for a difference) and the AWS CLI command that does the same.</summary>
internal sealed record PlanStep(string Resource, string Name, StepAction Action, string? Difference, string? AwsCli);
