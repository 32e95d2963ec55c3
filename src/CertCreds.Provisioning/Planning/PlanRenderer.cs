using System.Text;

namespace CertCreds.Provisioning.Planning;

/// <summary>The plan as people read it: one line per resource, its difference and the equivalent AWS CLI command indented under it.</summary>
internal static class PlanRenderer
{
    public static string Word(StepAction action) => action switch
    {
        StepAction.Reuse => "reuse",
        StepAction.Create => "create",
        StepAction.Differs => "DIFFERS",
        StepAction.Update => "update",
        _ => action.ToString(),
    };

    public static string Render(IEnumerable<PlanStep> steps)
    {
        var text = new StringBuilder();
        foreach (var step in steps)
        {
            text.Append(Word(step.Action).PadRight(8)).Append(step.Resource).Append(' ').Append(step.Name).Append('\n');
            if (step.Difference is not null)
            {
                text.Append("        ").Append(step.Difference).Append('\n');
            }

            if (step.AwsCli is not null && step.Action != StepAction.Reuse)
            {
                text.Append("        $ ").Append(step.AwsCli).Append('\n');
            }
        }

        return text.ToString();
    }
}
