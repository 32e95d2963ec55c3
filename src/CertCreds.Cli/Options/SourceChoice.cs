namespace CertCreds.Cli.Options;

/// <summary>The credential source a command line names.</summary>
internal enum SourceChoice
{
    Iot,
    RolesAnywhere,
}
