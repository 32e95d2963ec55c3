using System.Text;

namespace CertCreds.Testing.Emulator;

/// <summary>
/// An HTTP/1.1 answer as read off the wire. <see cref="Complete"/> is false when the connection ended
/// before Content-Length bytes arrived (or before any header did).
/// </summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool Complete, string? TransportError)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    // Bodies may hold credentials: keep them out of test output.
    public override string ToString() => $"RawResponse {{ Status = {Status}, BodyLength = {Body.Length}, Complete = {Complete}, TransportError = {TransportError} }}";
}
