using System.Security.Cryptography.X509Certificates;
using CertCreds.Certificates;
using CertCreds.Emulator.Pki;
using CertCreds.Errors;
using CertCreds.Platform;
using CertCreds.Emulator.Registry;
using CertCreds.Protocol;

namespace CertCreds.Emulator.State;

/// <summary>
/// The emulator's files. An empty or missing directory is seeded with the world of the seed article
/// (role, alias, policy, thing <c>client1</c> with a fresh certificate); an existing one is reused as is.
/// Layout: <c>emulator.json</c>, <c>AmazonRootCA1.pem</c> (the emulator's server root, the clients'
/// <c>--ca-cert</c>), <c>server/</c> (root CA key, server certificate and key), <c>device-ca/</c>
/// (the CA that issues device certificates), <c>&lt;thing&gt;/certificate.pem.crt</c> and
/// <c>&lt;thing&gt;/private.pem.key</c>, <c>endpoint</c>, and the logs. Roles Anywhere adds <c>ra-ca/</c> (root and
/// intermediate CA), <c>ra-client1/</c> (RSA) and <c>ra-client2/</c> (EC) devices with <c>intermediates.pem.crt</c>,
/// and <c>roles-anywhere.json</c>. Keys are 0600, directories 0700.
/// Not safe for two emulators at once on one directory: the registry file is, the PKI files are not.
/// </summary>
public sealed class EmulatorStateDirectory
{
    public const string SeedThingName = "client1";
    public const string SeedRoleAlias = "alias-for-roles-anywhere";
    public const string SeedRoleArn = "arn:aws:iam::123456789012:role/iot-roles-anywhere-role";
    public const string SeedPolicyName = "iot-roles-anywhere-policy";

    /// <summary>The seeded Roles Anywhere device with an RSA-2048 key.</summary>
    public const string RolesAnywhereRsaDevice = "ra-client1";

    /// <summary>The seeded Roles Anywhere device with an ECDSA P-256 key.</summary>
    public const string RolesAnywhereEcDevice = "ra-client2";

    public const string SeedTrustAnchorName = "certcreds-emulator-anchor";
    public const string SeedProfileName = "certcreds-emulator-profile";

    /// <summary>The seeded role that trusts rolesanywhere.amazonaws.com (and not the IoT credentials provider).</summary>
    public const string SeedRolesAnywhereRoleArn = "arn:aws:iam::123456789012:role/roles-anywhere-role";

    private EmulatorStateDirectory(string path, EmulatorRegistry registry)
    {
        Path = path;
        Registry = registry;
    }

    public string Path { get; }

    public EmulatorRegistry Registry { get; }

    public string RegistryPath => System.IO.Path.Combine(Path, "emulator.json");

    /// <summary>The trust anchor clients pass as <c>--ca-cert</c>.</summary>
    public string RootCaPath => System.IO.Path.Combine(Path, "AmazonRootCA1.pem");

    public string EndpointPath => System.IO.Path.Combine(Path, "endpoint");

    /// <summary><c>roles-anywhere.json</c>: the Roles Anywhere endpoint and the seeded ARNs (see <see cref="RolesAnywhereEndpointFile"/>).</summary>
    public string RolesAnywhereEndpointPath => System.IO.Path.Combine(Path, "roles-anywhere.json");

    /// <summary>The Roles Anywhere root CA, held by the seeded trust anchor.</summary>
    public string RolesAnywhereRootPath => System.IO.Path.Combine(RolesAnywhereCaDirectory, "root.pem.crt");

    private string RolesAnywhereCaDirectory => System.IO.Path.Combine(Path, "ra-ca");

    private string ServerDirectory => System.IO.Path.Combine(Path, "server");

    private string DeviceCaDirectory => System.IO.Path.Combine(Path, "device-ca");

    /// <summary>Opens <paramref name="path"/>, seeding it first when it holds no <c>emulator.json</c>.</summary>
    public static EmulatorStateDirectory Open(string path, TextWriter? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            return OpenOrSeed(full, log);
        }
        catch (Exception e) when (FileFault.IsFileFault(e))
        {
            // A folder where a file belongs, a read-only or full disk, a file named like the folder: the user's to fix.
            var why = File.Exists(full) && !Directory.Exists(full)
                ? "it is a file, not a folder"
                : FileFault.Describe(e, (e as FileNotFoundException)?.FileName ?? (Directory.Exists(full) ? null : full));
            throw new LocalFileException($"the emulator state folder {full} cannot be used: {why}", "pass a --state-dir folder this user can create and write (an empty or missing folder is seeded)", e);
        }
    }

    private static EmulatorStateDirectory OpenOrSeed(string full, TextWriter? log)
    {
        AtomicFile.CreatePrivateDirectory(full);
        RefuseIfOthersCanWrite(full, "state folder");
        var registryPath = System.IO.Path.Combine(full, "emulator.json");
        if (File.Exists(registryPath))
        {
            RefuseIfOthersCanWrite(registryPath, "registry file");
            var existing = new EmulatorStateDirectory(full, EmulatorRegistry.OpenFile(registryPath, log: log));
            if (!File.Exists(existing.RolesAnywhereRootPath))
            {
                // A folder seeded before Roles Anywhere existed gets its half of the world added, once.
                existing.Registry.Update(existing.SeedRolesAnywhere);
            }

            return existing;
        }

        // Seed files first and the registry last: a crash in between leaves a directory that seeds again.
        var seed = new RegistryDocument();
        var directory = new EmulatorStateDirectory(full, EmulatorRegistry.InMemory());
        directory.CreatePki(seed.Settings.HostName);
        var client = directory.WriteThingFiles(SeedThingName, DeviceKeyType.Rsa2048);
        seed.Roles.Add(new RoleEntry { Arn = SeedRoleArn, TrustsCredentialsProvider = true, MaxSessionDurationSeconds = 3600 });
        seed.RoleAliases.Add(new RoleAliasEntry { Name = SeedRoleAlias, RoleArn = SeedRoleArn, CredentialDurationSeconds = 3600 });
        var policy = new PolicyEntry { Name = SeedPolicyName };
        policy.AllowedRoleAliasArns.Add(seed.RoleAliasArn(SeedRoleAlias));
        seed.Policies.Add(policy);
        Register(seed, client);
        directory.SeedRolesAnywhere(seed);
        return new EmulatorStateDirectory(full, EmulatorRegistry.OpenFile(registryPath, seed, log));
    }

    /// <summary>
    /// The state decides which certificates get credentials and, in STS mode, which roles are assumed: a folder or
    /// registry another user can write (group/other write bit, or another owner) would let them decide that.
    /// </summary>
    private static void RefuseIfOthersCanWrite(string path, string what)
    {
        if (UnixFileOwner.Get(path) is not { } status || NativeProcess.EffectiveUserId() is not { } self)
        {
            return;
        }

        if (status.Uid != self)
        {
            throw new UsageException($"the emulator's {what} {path} belongs to another user (uid {status.Uid})", "use a state folder of your own, e.g. a new empty one with --state-dir");
        }

        if ((status.Mode & 0b000_010_010) != 0)
        {
            throw new UsageException($"the emulator's {what} {path} is writable by group or others", $"chmod go-w {path}, or use a new empty --state-dir");
        }
    }

    /// <summary>The files of a thing created by this directory (seeded or added).</summary>
    public ThingCredentialFiles Thing(string thingName)
    {
        var folder = System.IO.Path.Combine(Path, thingName);
        var certificatePath = System.IO.Path.Combine(folder, "certificate.pem.crt");
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return new ThingCredentialFiles(thingName, DeviceIdentity.ComputeCertificateId(certificate), certificatePath, System.IO.Path.Combine(folder, "private.pem.key"));
    }

    /// <summary>
    /// Creates a thing with a fresh certificate from the device CA, attaches the certificate to the thing
    /// and to the seed policy (ACTIVE), and writes <c>&lt;thing&gt;/certificate.pem.crt</c> and <c>private.pem.key</c>.
    /// </summary>
    public ThingCredentialFiles AddThing(string thingName, DeviceKeyType keyType = DeviceKeyType.Rsa2048)
    {
        if (!IotProtocol.IsValidThingName(thingName))
        {
            throw new ArgumentException($"'{thingName}' is not a valid thing name (1-128 of a-z A-Z 0-9 : _ -).", nameof(thingName));
        }

        var files = WriteThingFiles(thingName, keyType);
        Registry.Update(document => Register(document, files));
        return files;
    }

    /// <summary>The files of a Roles Anywhere device created by this directory (seeded or added).</summary>
    public RolesAnywhereDeviceFiles RolesAnywhereDevice(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        var certificatePath = System.IO.Path.Combine(folder, "certificate.pem.crt");
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return new RolesAnywhereDeviceFiles(name, certificate.SerialNumber.ToLowerInvariant(), certificatePath, System.IO.Path.Combine(folder, "private.pem.key"), System.IO.Path.Combine(folder, "intermediates.pem.crt"));
    }

    /// <summary>
    /// Writes a new Roles Anywhere device under <c>DIR/&lt;name&gt;/</c>: a certificate issued by the intermediate CA
    /// (so it chains to the seeded trust anchor), its key and the intermediate. Registers nothing: Roles Anywhere
    /// trusts any certificate that chains to an anchor.
    /// </summary>
    public RolesAnywhereDeviceFiles AddRolesAnywhereDevice(string name, DeviceKeyType keyType = DeviceKeyType.Rsa2048)
    {
        if (!IotProtocol.IsValidThingName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid device folder name (1-128 of a-z A-Z 0-9 : _ -).", nameof(name));
        }

        return WriteRolesAnywhereDevice(name, keyType);
    }

    /// <summary>
    /// The trust anchor, profile and role the seeded devices use: the seed's by name, else the first enabled ones;
    /// null when the registry has none.
    /// </summary>
    public RolesAnywhereEndpointFile? RolesAnywhereTarget(string endpoint)
    {
        var document = Registry.Current;
        var anchor = document.TrustAnchors.Find(a => a.Name == SeedTrustAnchorName) ?? document.TrustAnchors.Find(a => a.Enabled);
        var profile = document.Profiles.Find(p => p.Name == SeedProfileName) ?? document.Profiles.Find(p => p.Enabled);
        var role = profile?.RoleArns.Find(r => r == SeedRolesAnywhereRoleArn) ?? profile?.RoleArns.FirstOrDefault();
        return anchor is null || profile is null || role is null
            ? null
            : new RolesAnywhereEndpointFile(endpoint, document.Settings.Region, anchor.Arn, profile.Arn, role);
    }

    /// <summary>Writes <c>roles-anywhere.json</c> for the listener on <paramref name="port"/> (nothing when the registry has no target).</summary>
    public void WriteRolesAnywhereEndpoint(string hostName, int port)
    {
        if (RolesAnywhereTarget($"{hostName}:{port}") is { } target)
        {
            AtomicFile.WriteText(RolesAnywhereEndpointPath, System.Text.Json.JsonSerializer.Serialize(target, Json.SessionWireJsonContext.Default.RolesAnywhereEndpointFile) + "\n");
        }
    }

    /// <summary>Writes <c>localhost:PORT</c> (the configured host name) to <c>endpoint</c>, atomically and without a newline.</summary>
    public void WriteEndpoint(string hostName, int port) => AtomicFile.WriteText(EndpointPath, $"{hostName}:{port}");

    /// <summary>The server certificate with its key, reissued from the root CA when it does not name <paramref name="hostName"/>.</summary>
    internal X509Certificate2 LoadServerCertificate(string hostName)
    {
        var certificatePath = System.IO.Path.Combine(ServerDirectory, "server.pem.crt");
        var keyPath = System.IO.Path.Combine(ServerDirectory, "server.pem.key");
        var loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        if (loaded.MatchesHostname(hostName) && loaded.NotAfter > DateTime.UtcNow.AddDays(1))
        {
            return loaded;
        }

        loaded.Dispose();
        using var ca = X509Certificate2.CreateFromPemFile(RootCaPath, System.IO.Path.Combine(ServerDirectory, "root-ca.pem.key"));
        var server = EmulatorPki.IssueServerCertificate(ca, hostName);
        AtomicFile.WriteText(keyPath, EmulatorPki.ExportPkcs8Pem(server), secret: true);
        AtomicFile.WriteText(certificatePath, server.ExportCertificatePem());
        return server;
    }

    /// <summary>
    /// Registers a device certificate made elsewhere (its key in a token, say) for <paramref name="thingName"/>, as
    /// AWS IoT's register-certificate-without-ca does: active, attached to the thing (created if new) and to the seed
    /// policy. Returns its certificate ID.
    /// </summary>
    public string RegisterCertificate(string thingName, string certificatePem)
    {
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate.RawData));
        Registry.Update(document =>
        {
            document.Certificates.Add(new CertificateEntry { Id = id, Status = CertificateStatus.Active, Pem = certificatePem });
            var thing = document.Things.Find(t => t.Name == thingName);
            if (thing is null)
            {
                thing = new ThingEntry { Name = thingName };
                document.Things.Add(thing);
            }

            thing.Certificates.Add(id);
            var policy = document.Policies.Find(p => p.Name == SeedPolicyName) ?? document.Policies.FirstOrDefault();
            policy?.Certificates.Add(id);
        });
        return id;
    }

    /// <summary>The emulator's root certificate, to trust in clients.</summary>
    public X509Certificate2 LoadRootCertificate() => X509Certificate2.CreateFromPem(File.ReadAllText(RootCaPath));

    private static void Register(RegistryDocument document, ThingCredentialFiles files)
    {
        document.Certificates.Add(new CertificateEntry { Id = files.CertificateId, Status = CertificateStatus.Active, Pem = File.ReadAllText(files.CertificatePath) });
        var thing = document.Things.Find(t => t.Name == files.ThingName);
        if (thing is null)
        {
            thing = new ThingEntry { Name = files.ThingName };
            document.Things.Add(thing);
        }

        thing.Certificates.Add(files.CertificateId);
        var policy = document.Policies.Find(p => p.Name == SeedPolicyName) ?? document.Policies.FirstOrDefault();
        policy?.Certificates.Add(files.CertificateId);
    }

    private void CreatePki(string hostName)
    {
        using var root = EmulatorPki.CreateRootCa("certcreds emulator root CA (throwaway)");
        using var server = EmulatorPki.IssueServerCertificate(root, hostName);
        using var deviceCa = EmulatorPki.CreateRootCa("certcreds emulator device CA (throwaway)");
        AtomicFile.WriteText(System.IO.Path.Combine(ServerDirectory, "root-ca.pem.key"), EmulatorPki.ExportPkcs8Pem(root), secret: true);
        AtomicFile.WriteText(System.IO.Path.Combine(ServerDirectory, "server.pem.key"), EmulatorPki.ExportPkcs8Pem(server), secret: true);
        AtomicFile.WriteText(System.IO.Path.Combine(ServerDirectory, "server.pem.crt"), server.ExportCertificatePem());
        AtomicFile.WriteText(System.IO.Path.Combine(DeviceCaDirectory, "ca.pem.key"), EmulatorPki.ExportPkcs8Pem(deviceCa), secret: true);
        AtomicFile.WriteText(System.IO.Path.Combine(DeviceCaDirectory, "ca.pem.crt"), deviceCa.ExportCertificatePem());
        AtomicFile.WriteText(RootCaPath, root.ExportCertificatePem());
    }

    /// <summary>
    /// The Roles Anywhere half of the seed: root and intermediate CAs, an RSA and an EC device issued through the
    /// intermediate, a trust anchor holding the root, a role trusting the service and an enabled profile naming it.
    /// </summary>
    private void SeedRolesAnywhere(RegistryDocument document)
    {
        using (var root = EmulatorPki.CreateRootCa("certcreds emulator Roles Anywhere root CA (throwaway)"))
        using (var intermediate = EmulatorPki.CreateIntermediateCa(root, "certcreds emulator Roles Anywhere intermediate CA (throwaway)"))
        {
            AtomicFile.WriteText(System.IO.Path.Combine(RolesAnywhereCaDirectory, "root.pem.key"), EmulatorPki.ExportPkcs8Pem(root), secret: true);
            AtomicFile.WriteText(System.IO.Path.Combine(RolesAnywhereCaDirectory, "intermediate.pem.key"), EmulatorPki.ExportPkcs8Pem(intermediate), secret: true);
            AtomicFile.WriteText(System.IO.Path.Combine(RolesAnywhereCaDirectory, "intermediate.pem.crt"), intermediate.ExportCertificatePem());
            WriteRolesAnywhereDevice(RolesAnywhereRsaDevice, DeviceKeyType.Rsa2048);
            WriteRolesAnywhereDevice(RolesAnywhereEcDevice, DeviceKeyType.EcdsaP256);

            // The root last: its presence is what marks the Roles Anywhere seed as done.
            AtomicFile.WriteText(RolesAnywhereRootPath, root.ExportCertificatePem());
        }

        var settings = document.Settings;
        var prefix = $"arn:aws:rolesanywhere:{settings.Region}:{settings.AccountId}";
        document.TrustAnchors.Add(new TrustAnchorEntry { Name = SeedTrustAnchorName, Arn = $"{prefix}:trust-anchor/{Guid.NewGuid()}", CertificateBundle = File.ReadAllText(RolesAnywhereRootPath), Enabled = true });
        if (!document.Roles.Exists(r => r.Arn == SeedRolesAnywhereRoleArn))
        {
            document.Roles.Add(new RoleEntry { Arn = SeedRolesAnywhereRoleArn, TrustsCredentialsProvider = false, TrustsRolesAnywhere = true, MaxSessionDurationSeconds = 3600 });
        }

        var profile = new ProfileEntry { Name = SeedProfileName, Arn = $"{prefix}:profile/{Guid.NewGuid()}", DurationSeconds = 3600, Enabled = true };
        profile.RoleArns.Add(SeedRolesAnywhereRoleArn);
        document.Profiles.Add(profile);
    }

    private RolesAnywhereDeviceFiles WriteRolesAnywhereDevice(string name, DeviceKeyType keyType)
    {
        using var intermediate = X509Certificate2.CreateFromPemFile(
            System.IO.Path.Combine(RolesAnywhereCaDirectory, "intermediate.pem.crt"),
            System.IO.Path.Combine(RolesAnywhereCaDirectory, "intermediate.pem.key"));
        using var device = EmulatorPki.IssueDeviceCertificate(intermediate, keyType, $"CN=certcreds {name}, O=certcreds emulator");
        var folder = System.IO.Path.Combine(Path, name);
        var files = new RolesAnywhereDeviceFiles(
            name,
            device.SerialNumber.ToLowerInvariant(),
            System.IO.Path.Combine(folder, "certificate.pem.crt"),
            System.IO.Path.Combine(folder, "private.pem.key"),
            System.IO.Path.Combine(folder, "intermediates.pem.crt"));
        AtomicFile.WriteText(files.PrivateKeyPath, EmulatorPki.ExportDeviceKeyPem(device), secret: true);
        AtomicFile.WriteText(files.IntermediatesPath, intermediate.ExportCertificatePem());
        AtomicFile.WriteText(files.CertificatePath, device.ExportCertificatePem());
        return files;
    }

    private ThingCredentialFiles WriteThingFiles(string thingName, DeviceKeyType keyType)
    {
        using var deviceCa = X509Certificate2.CreateFromPemFile(
            System.IO.Path.Combine(DeviceCaDirectory, "ca.pem.crt"),
            System.IO.Path.Combine(DeviceCaDirectory, "ca.pem.key"));
        using var device = EmulatorPki.IssueDeviceCertificate(deviceCa, keyType);
        var folder = System.IO.Path.Combine(Path, thingName);
        var certificatePath = System.IO.Path.Combine(folder, "certificate.pem.crt");
        var keyPath = System.IO.Path.Combine(folder, "private.pem.key");
        AtomicFile.WriteText(keyPath, EmulatorPki.ExportDeviceKeyPem(device), secret: true);
        AtomicFile.WriteText(certificatePath, device.ExportCertificatePem());
        return new ThingCredentialFiles(thingName, DeviceIdentity.ComputeCertificateId(device), certificatePath, keyPath);
    }
}
