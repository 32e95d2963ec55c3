using System.Security.Cryptography.X509Certificates;

namespace CertCreds.Testing.RolesAnywhere;

/// <summary>What a test CreateSession request asks for, and which part of it to get wrong on purpose.</summary>
public sealed record SessionSigningOptions
{
    public required string TrustAnchorArn { get; init; }

    public required string ProfileArn { get; init; }

    public required string RoleArn { get; init; }

    /// <summary>The region the request is signed for (the scope's region).</summary>
    public string Region { get; init; } = "us-east-1";

    public required DateTimeOffset Date { get; init; }

    public IReadOnlyList<X509Certificate2> Intermediates { get; init; } = [];

    public int? DurationSeconds { get; init; } = 3600;

    public string? RoleSessionName { get; init; }

    /// <summary>Sends this body instead of the JSON built from the fields above.</summary>
    public byte[]? Body { get; init; }

    /// <summary>Signs this body's hash while sending <see cref="Body"/>: a body changed in transit.</summary>
    public byte[]? SignedBody { get; init; }

    /// <summary>Signs the real canonical request again under a scope naming this service instead of rolesanywhere.</summary>
    public string? ScopeService { get; init; }

    /// <summary>Flips one bit of the signature after signing.</summary>
    public bool TamperSignature { get; init; }
}
