namespace CertCreds.EndToEnd.RolesAnywhere;

/// <summary>The classes that share one <see cref="RolesAnywhereStsWorld"/> (moto, emulator, serve): set up once for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class RolesAnywhereOnMoto : ICollectionFixture<RolesAnywhereStsWorld>
{
    public const string Name = "Roles Anywhere on moto";
}
