#!/usr/bin/env python3
"""Checks a SigV4-X509 signed HTTP request the way IAM Roles Anywhere would, independently of certcreds.

Reads one raw HTTP/1.1 request (request line, headers, blank line, body) from the file named on the command line,
recomputes SigV4's canonical request and string to sign from those bytes alone, and verifies the Authorization
signature with the public key of the X-Amz-X509 certificate (RSASSA-PKCS1-v1_5 or DER ECDSA, both over SHA-256).
Also checks the scope, the serial number in the Credential, and that each X-Amz-X509-Chain certificate issued the
one before it. Prints the string to sign and "OK <algorithm>" and exits 0, or prints why and exits 1.

Needs the `cryptography` package (pyenv Python 3.11 has it; .ci/run checks).
"""
import base64
import hashlib
import re
import sys
import urllib.parse

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

RSA_ALGORITHM = "AWS4-X509-RSA-SHA256"
ECDSA_ALGORITHM = "AWS4-X509-ECDSA-SHA256"


def fail(why):
    print("FAIL " + why)
    sys.exit(1)


def parse_request(raw):
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        fail("no blank line after the headers")
    lines = head.decode("ascii").split("\r\n")
    method, target, version = lines[0].split(" ")
    if version != "HTTP/1.1":
        fail("not HTTP/1.1: " + version)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    length = int(headers.get("content-length", ["0"])[0])
    if len(body) != length:
        fail("body is %d bytes, Content-Length says %d" % (len(body), length))
    return method, target, headers, body


def canonical_query(query):
    # Decode what was sent, then encode again by RFC 3986 (unreserved characters only) and sort.
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    encoded = sorted((urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~")) for k, v in pairs)
    return "&".join(k + "=" + v for k, v in encoded)


def collapse(value):
    # SigV4: trim, and turn each run of spaces into one.
    return re.sub(" +", " ", value.strip())


def main():
    if len(sys.argv) != 2:
        fail("usage: verify_sigv4_x509.py REQUEST_FILE")
    with open(sys.argv[1], "rb") as f:
        method, target, headers, body = parse_request(f.read())

    authorization = headers.get("authorization", [None])[0]
    if authorization is None:
        fail("no Authorization header")
    algorithm, _, rest = authorization.partition(" ")
    fields = dict(part.strip().split("=", 1) for part in rest.split(","))
    credential, signed_headers, signature = fields["Credential"], fields["SignedHeaders"], fields["Signature"]
    serial, date, region, service, terminator = credential.split("/")

    amz_date = headers["x-amz-date"][0]
    if date != amz_date[:8] or service != "rolesanywhere" or terminator != "aws4_request":
        fail("bad scope " + credential)
    for required in ("host", "x-amz-date", "x-amz-x509"):
        if required not in signed_headers.split(";"):
            fail(required + " is not signed")

    path, _, query = target.partition("?")
    canonical_headers = "".join(
        name + ":" + ",".join(collapse(v) for v in headers[name]) + "\n" for name in signed_headers.split(";"))
    canonical_request = "\n".join([
        method, path, canonical_query(query), canonical_headers, signed_headers, hashlib.sha256(body).hexdigest()])
    string_to_sign = "\n".join([
        algorithm, amz_date, "/".join([date, region, service, terminator]),
        hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])

    leaf = x509.load_der_x509_certificate(base64.b64decode(headers["x-amz-x509"][0], validate=True))
    if str(leaf.serial_number) != serial:
        fail("Credential serial %s is not the certificate's %d" % (serial, leaf.serial_number))

    key = leaf.public_key()
    raw_signature = bytes.fromhex(signature)
    try:
        if algorithm == RSA_ALGORITHM and isinstance(key, rsa.RSAPublicKey):
            key.verify(raw_signature, string_to_sign.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
        elif algorithm == ECDSA_ALGORITHM and isinstance(key, ec.EllipticCurvePublicKey):
            # cryptography takes ECDSA signatures in DER only: a raw r||s signature fails here.
            key.verify(raw_signature, string_to_sign.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
        else:
            fail("algorithm %s does not fit a %s key" % (algorithm, type(key).__name__))
    except InvalidSignature:
        fail("signature does not verify")

    chain = headers.get("x-amz-x509-chain")
    if chain:
        child = leaf
        for encoded in chain[0].split(","):
            parent = x509.load_der_x509_certificate(base64.b64decode(encoded, validate=True))
            try:
                child.verify_directly_issued_by(parent)
            except (ValueError, TypeError, InvalidSignature):
                fail("chain certificate %s did not issue %s" % (parent.subject.rfc4514_string(), child.subject.rfc4514_string()))
            child = parent

    print(string_to_sign.replace("\n", "\\n"))
    print("OK " + algorithm)


main()
