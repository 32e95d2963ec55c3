namespace CertCreds.Tests.Emulator;

/// <summary>A CreateSession answer as a test sees it. The body may hold credentials: ToString leaves it out.</summary>
internal sealed record SessionAnswer(int Status, string? ErrorType, string Body)
{
    public override string ToString() => $"SessionAnswer {{ Status = {Status}, ErrorType = {ErrorType}, BodyLength = {Body.Length} }}";
}
