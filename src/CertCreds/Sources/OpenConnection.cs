namespace CertCreds.Sources;

/// <summary>A <see cref="SourceConnection"/> with the handler it owns: disposing closes the connections.</summary>
public sealed class OpenConnection(HttpMessageInvoker http, SourceConnection connection) : IDisposable
{
    public SourceConnection Connection { get; } = connection;

    public void Dispose() => http.Dispose();
}
