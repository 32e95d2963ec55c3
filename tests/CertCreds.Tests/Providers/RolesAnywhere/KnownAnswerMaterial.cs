namespace CertCreds.Tests.Providers.RolesAnywhere;

/// <summary>
/// The fixed inputs of the SigV4-X509 known-answer tests, made once with openssl for these tests alone (a throwaway
/// key that never signed anything else). PKCS#1 v1.5 signatures are deterministic, so a fixed key, date and request
/// give one exact signature; the expected values in <see cref="SigV4X509SignerTests"/> were computed from these files
/// with Python's hashlib and <c>openssl dgst -sha256 -sign</c>, not with certcreds.
/// </summary>
internal static class KnownAnswerMaterial
{
    /// <summary>The leaf: serial 0x0123456789ABCDEF (81985529216486895), issued by <see cref="CaPem"/>.</summary>
    public const string LeafPem = """
-----BEGIN CERTIFICATE-----
MIICvTCCAaUCCAEjRWeJq83vMA0GCSqGSIb3DQEBCwUAMCQxIjAgBgNVBAMMGWNl
cnRjcmVkcyBrbm93bi1hbnN3ZXIgQ0EwHhcNMjYxMjAzMTc0MjAzWhcNMzYxMTMw
MTc0MjAzWjAeMRwwGgYDVQQDDBNrbm93bi1hbnN3ZXIgZGV2aWNlMIIBIjANBgkq
hkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu6iykD4K9ow+Hhqn5Ad6PMLUl5yt2g2K
FQrVWh5xG4+49kK764rcwng+D7rDeZVZoCg709wrHiejkDNtK3dtdm6ARRPQvI1c
wrJnfUqg7pitVC1G3Zb+bJQy/sr1tvVBq6zBEPECuuHSrY8VQAYEDqTMlp7lAVZw
3+S4wfgcDqzvsTImyDfhwCx5qfLsTggnVSyqRHJTSrm4LYTFDMyxOTD8md2xfdDE
AuLO7nNHHbzoJAbH2SWF5Ur5fTKtcfRRFqgNjCFJ0bwM7LBkD56DLKxjbaYOnAdm
Fd9tXUjUacMoAAjl0MZfZwL9JYFTJivvi9DJWw8e5pAzew69Yxa36QIDAQABMA0G
CSqGSIb3DQEBCwUAA4IBAQCdrgH7JE7pfJfhvFcjsGeNHFHS5cePfuo1zsG/viR5
wwscCnidSH5XlN97cDHknK7BnR7FtaqIlTl62sa3HjGO0XTh1ECaM5Tif5vuDnSN
iGS+FEjdp500kxN2TLvzuqea5Gt/lTKlvO7J0vjrjR1u5A2VhACwOnbozFaThQLD
phfTF7gs5JuJPFQslrUC/HIlSxT4EjT++Yi4Jayxqr4ODFcMnMKZrkAgEhZAY4hp
HlddKbsatSwj4e3Pel4bgg51ewGSppKUGO0c231YHIfMv3C+tWNHaBhuR2muH86/
Lf0eBK1ppEgpPt3NZumxH3RBy6QBamwzKp4WV1+BhL/u
-----END CERTIFICATE-----
""";

    /// <summary>The leaf's RSA-2048 key (PKCS#1).</summary>
    public const string LeafKeyPem = """
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAu6iykD4K9ow+Hhqn5Ad6PMLUl5yt2g2KFQrVWh5xG4+49kK7
64rcwng+D7rDeZVZoCg709wrHiejkDNtK3dtdm6ARRPQvI1cwrJnfUqg7pitVC1G
3Zb+bJQy/sr1tvVBq6zBEPECuuHSrY8VQAYEDqTMlp7lAVZw3+S4wfgcDqzvsTIm
yDfhwCx5qfLsTggnVSyqRHJTSrm4LYTFDMyxOTD8md2xfdDEAuLO7nNHHbzoJAbH
2SWF5Ur5fTKtcfRRFqgNjCFJ0bwM7LBkD56DLKxjbaYOnAdmFd9tXUjUacMoAAjl
0MZfZwL9JYFTJivvi9DJWw8e5pAzew69Yxa36QIDAQABAoIBABKIRc8fI23G+oz2
SLGJKAIXYw+QdG5R8zqiAeEnG7gzNLrUKxMHOQc3APkEcpC/pjTd+E+TQQpWs41W
eM/nuM6O+dmoi+8M/lXHcNcznypE92wWVxbj1h8ysQkO0d6GQLyjoELsLD74tXm4
pUp39Z9dGMvAqCC+UMIZqEHWnu23bGNDZtJyxBK+16WlSIwH0cbYSiWj8IyVDr2Z
wqGG+Ujq7DC2ktQ9dAs9uDnscWTwp4b8dceJEWAe472hd+EKSjXuzxgewco1D5z1
Zc1RqCnBRadMMyObE+JkS16mQCZSCoqsKuFnQlOJ7b41IR02mmFkIISdLzC9gVjk
3mX8nvECgYEA/oVnLanvTnDK2Di4qLlN3HKBpfpJ0iG5339B9u7x9gSVvEJdpNUi
MBk1DB94/tee2r9mkb1GuW9KCU2DuDQNOj6OyMcCBy800WHyXmlAg4G/07GjhOzJ
94x+q8GrP/U1EGH9SL9Q72KolFs3xYkNUjQSXsu8kwfvw/611wR0UlECgYEAvL/W
f/Mmq/EpW+0atjx+DxzKVYqzzpyHNoWW2ouIwK2cCIAr2gRfUdMm7oZtsaftnAt5
26N7reSU9y/CW+PBv/+58RxTSFoUpqs9mA5oBsLhtRsAErkTURl/JLQPbMoac3Qw
TtJ5FRHszaNixWgCaecWjTg4j+Ci39+Kb1jGThkCgYAS5s9RydP2zFOUGSpFhXVt
0KcmL186Fr0aBvZcI0Se05pXH8qaiiV+0vBolRHEQzkN37b7TcYp0UT7SeFlVaBB
2hF6gaT56ZyPjCmWr1RWL9WSIBgXsAoTs0BY+wn/tvMY414O//4/uODyG5AZwGLX
3vwaRCEd/jHlKU5RyIfm8QKBgQCQEvr/dbG6I35HfggavLgYfwhvHU280zxewL/y
l/nN4XcuAe/3HclIox2fipsmtaEosJXWssaQaN/QgvMfww08qk3bnpxvqNsEkceV
TsHXD2DMJgz7PaxiBk1Hze3MQ8THBhRtxjjIfYM9QI7/UjItdkh/iT+bi4On0XFR
JvlP2QKBgQCqYBW9Bp6U6XKH2ckUnDf5eMPJuxiUO3Vev3n8H1MsU9QfDRc6wBbG
78FTcbhoXSSn8yYUpZTkSjqw2hofmFwa3RV4bJOH/8tcJpjTOqurKUnrmvdtWBmY
lF6bE7xmmGABBUCkzKShXpR2oEBzjldqXTjPGhvwkdPOiPuaE/GBJw==
-----END RSA PRIVATE KEY-----
""";

    /// <summary>The CA that issued the leaf, sent as the one intermediate in X-Amz-X509-Chain.</summary>
    public const string CaPem = """
-----BEGIN CERTIFICATE-----
MIIDFzCCAf+gAwIBAgICEAAwDQYJKoZIhvcNAQELBQAwJDEiMCAGA1UEAwwZY2Vy
dGNyZWRzIGtub3duLWFuc3dlciBDQTAeFw0yNjEyMDMxNzQyMDFaFw0zNjExMzAx
NzQyMDFaMCQxIjAgBgNVBAMMGWNlcnRjcmVkcyBrbm93bi1hbnN3ZXIgQ0EwggEi
MA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQC+FrgPDFKtwUEIcyxivan2J85f
/dqbZBGnfjzbr5qWDS0n8wFSgwBVAKaMzsDjUQVkL548MCt/l/OVVjFl7z0p8aW+
PYZzhE16CdNNNNt6NuIkzQPG2lcZMsdRaEFt1Xp8YJizQE4ingIGAHWQ8F2Q0c6L
ARROawC8ZxQwpb7GiQCbuwrjcATUrOGBhM7NcplodrOQweK74Z+wMxOoPI1A5592
uNdyx0MMRuvk+9R0O7LEMZETT/uNjuzT+YjEIMhTLti1SwOhY8O2S+dPSCY95tBj
ZhvYtpnvto6ApdS82PP5olCcCr1Wb+gwONZyqORqUMRW8YiLuP0tflZTjLaXAgMB
AAGjUzBRMB0GA1UdDgQWBBTw8fGFjWxvRon5cIwvw5eTb/bR+zAfBgNVHSMEGDAW
gBTw8fGFjWxvRon5cIwvw5eTb/bR+zAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3
DQEBCwUAA4IBAQC+B1Cf1n7ZRT1xblYMpzSKjRYdqnD+ZPewY1A3jhOnqK82zkC3
ZcHYbOUoP/5ZjV83UR86ncbFulYuiI2FHAWyQc+3PvcQR9Ti36ZW4FYWaVsQtNZP
qeWufxekibRLSeoTURYCfFuvOaDb9z/j+N6SfUM6QxgLPwS+/+O30DSNZdfn0dXv
EGTJ5JQ6cFU0by3Ny5C/RAV7uJmzMgRXPggvdVGc8OV7lLlc7hLSM/DihFqBpOFW
LZK2kXnH+JdRkE7P02n2i7RagtyOxrsdiSYlRDacvtNZkTG7ZuSdPZCHgaPQjovV
rTxlWhmQDYO4uF6Ptc+hlCB0xyYJUM3KEh+G
-----END CERTIFICATE-----
""";
}
