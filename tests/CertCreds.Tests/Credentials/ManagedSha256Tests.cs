using System.Security.Cryptography;
using CertCreds.Credentials;

namespace CertCreds.Tests.Credentials;

public sealed class ManagedSha256Tests
{
    [Fact]
    public void Managed_sha256_equals_the_platform_hash_for_every_length_around_the_block_boundaries()
    {
        var random = new Random(13);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(SHA256.HashData(data), ManagedSha256.HashData(data));
        }
    }

    [Fact]
    public void Managed_sha256_of_the_empty_input_is_the_published_digest()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(ManagedSha256.HashData([])));
    }

    [Fact]
    public void Managed_sha256_of_a_large_input_equals_the_platform_hash()
    {
        var data = new byte[1_000_003];
        new Random(7).NextBytes(data);
        Assert.Equal(SHA256.HashData(data), ManagedSha256.HashData(data));
    }
}
