namespace CertCreds.Serving;

/// <summary>Whose process is on the other end of a loopback connection, compared with the user running certcreds.</summary>
public enum PeerUser
{
    /// <summary>Not found (another network namespace, a socket already gone, no /proc): treated as a stranger.</summary>
    Unknown,

    /// <summary>The same user id as this process.</summary>
    Owner,

    /// <summary>Another user id.</summary>
    Other,
}
