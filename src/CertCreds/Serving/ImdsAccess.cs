namespace CertCreds.Serving;

/// <summary>Who may use the IMDS endpoint, whose PUT token proves nothing about the caller.</summary>
public enum ImdsAccess
{
    /// <summary>No IMDS endpoint (exec: its child has the container endpoint and a private token).</summary>
    Off,

    /// <summary>Only processes of the user running certcreds (the default for serve).</summary>
    OwnerOnly,

    /// <summary>Any process on this machine (serve --imds-any-local-user).</summary>
    AnyLocalUser,
}
