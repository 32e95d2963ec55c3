namespace CertCreds.Provisioning.Planning;

/// <summary>What provisioning does with one resource.</summary>
internal enum StepAction
{
    /// <summary>Exists and matches: left alone.</summary>
    Reuse,

    /// <summary>Does not exist: created.</summary>
    Create,

    /// <summary>Exists but differs from what provisioning wants: reported, changed only with --update.</summary>
    Differs,

    /// <summary>Differs, and --update was given: changed.</summary>
    Update,
}
