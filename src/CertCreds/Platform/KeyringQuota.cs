namespace CertCreds.Platform;

/// <summary>
/// The calling user's key quota as the kernel counts it (<c>/proc/key-users</c>): keys and payload bytes in use
/// and allowed. Non-root users get 200 keys and 20,000 bytes by default, shared with everything else that keeps
/// keys for them (Kerberos ticket caches, fscrypt, NFS id mapping).
/// </summary>
public readonly record struct KeyringQuota(long Keys, long MaxKeys, long Bytes, long MaxBytes);
