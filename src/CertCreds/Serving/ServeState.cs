namespace CertCreds.Serving;

/// <summary>
/// What the server currently has to hand out. Written only by <see cref="CredentialRefresher"/>, read by every
/// request: both fields are replaced whole (volatile reference writes), so readers need no lock and never see
/// half an update.
/// </summary>
public sealed class ServeState
{
    private volatile ServedCredentials? _current;
    private volatile string? _lastFailure;

    /// <summary>The last good credentials, or null before the first success. They may since have expired.</summary>
    public ServedCredentials? Current => _current;

    /// <summary>Why the last refresh failed (no secrets), or null when it succeeded.</summary>
    public string? LastFailure => _lastFailure;

    public void Succeeded(ServedCredentials credentials)
    {
        _current = credentials;
        _lastFailure = null;
    }

    public void Failed(string reason) => _lastFailure = reason;
}
