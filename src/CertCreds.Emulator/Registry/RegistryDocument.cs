using System.Text.Json.Serialization;
using CertCreds.Emulator.Faults;

namespace CertCreds.Emulator.Registry;

/// <summary>
/// The whole emulated account: the content of <c>emulator.json</c>. A document handed out by
/// <see cref="EmulatorRegistry.Current"/> is shared and must not be changed; change the registry through
/// <see cref="EmulatorRegistry.Update"/>, which works on a copy.
/// </summary>
public sealed class RegistryDocument
{
    [JsonPropertyName("settings")]
    public EmulatorSettings Settings { get; set; } = new();

    [JsonPropertyName("certificates")]
    public List<CertificateEntry> Certificates { get; } = [];

    [JsonPropertyName("things")]
    public List<ThingEntry> Things { get; } = [];

    [JsonPropertyName("policies")]
    public List<PolicyEntry> Policies { get; } = [];

    [JsonPropertyName("roleAliases")]
    public List<RoleAliasEntry> RoleAliases { get; } = [];

    [JsonPropertyName("roles")]
    public List<RoleEntry> Roles { get; } = [];

    /// <summary>Roles Anywhere trust anchors (CA bundles).</summary>
    [JsonPropertyName("trustAnchors")]
    public List<TrustAnchorEntry> TrustAnchors { get; } = [];

    /// <summary>Roles Anywhere profiles.</summary>
    [JsonPropertyName("profiles")]
    public List<ProfileEntry> Profiles { get; } = [];

    /// <summary>Faults to enqueue when the file is loaded; the loader moves them to the queue and empties this list.</summary>
    [JsonPropertyName("faults")]
    public List<FaultSpec> Faults { get; } = [];

    /// <summary>Faults for the Roles Anywhere listener, moved to its own queue on load like <see cref="Faults"/>.</summary>
    [JsonPropertyName("rolesAnywhereFaults")]
    public List<FaultSpec> RolesAnywhereFaults { get; } = [];

    /// <summary>The ARN the policy check evaluates for an alias in this account and region.</summary>
    public string RoleAliasArn(string alias) => $"arn:aws:iot:{Settings.Region}:{Settings.AccountId}:rolealias/{alias}";
}
