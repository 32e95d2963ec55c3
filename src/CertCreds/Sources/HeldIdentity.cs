using CertCreds.Certificates;
using CertCreds.Credentials;
using CertCreds.Errors;

namespace CertCreds.Sources;

/// <summary>
/// The refresh function of <c>serve</c>/<c>exec</c> for a key in hardware: the identity is loaded (one PIN login) on
/// the first fetch and kept, so later refreshes cost no login.
/// <para>Locking: only the refresher's single loop calls <see cref="FetchAsync"/>, one call at a time, so the held
/// identity needs no lock.</para>
/// <para>Failure: after a failed fetch the identity is dropped and the next refresh loads it once again (the token may
/// have been re-inserted, its daemon restarted). A reload the token refused for its PIN is never repeated: the same
/// error is reported on every later refresh without touching the token, so its retry counter is not burnt.</para>
/// </summary>
internal sealed class HeldIdentity(CredentialService service, CredentialSettings settings)
{
    private DeviceIdentity? identity;
    private IdentityException? pinRefused;

    public async Task<TemporaryCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        if (pinRefused is not null)
        {
            throw pinRefused;
        }

        var started = service.Environment.Clock.GetTimestamp();
        if (identity is null)
        {
            try
            {
                identity = await service.LoadIdentityAsync(settings, cancellationToken).ConfigureAwait(false);
            }
            catch (IdentityException e) when (e.PinRejected)
            {
                pinRefused = e;
                throw;
            }
        }

        try
        {
            return await service.FetchAsync(settings, identity, service.Remaining(settings, started), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            service.Environment.Trace.Write($"identity: the token key is reloaded on the next refresh after this failure");
            identity.Dispose();
            identity = null;
            throw;
        }
    }
}
