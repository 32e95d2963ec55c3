"""A SigV4-X509 signer not written in C#, for checking the emulator's CreateSession verifier.

Usage: rolesanywhere_sign.py STATE_DIR DEVICE [tamper]
Reads STATE_DIR/roles-anywhere.json and STATE_DIR/DEVICE/{certificate.pem.crt,private.pem.key,intermediates.pem.crt},
sends one signed CreateSession (durationSeconds 900) trusting STATE_DIR/AmazonRootCA1.pem, and prints one JSON line:
{"status":…,"errorType":…,"message":…,"assumedRoleUser":…}. Never prints credentials.
"""
import base64
import datetime
import hashlib
import json
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


def der_base64(certificate):
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


def main():
    state, device = sys.argv[1], sys.argv[2]
    tamper = len(sys.argv) > 3 and sys.argv[3] == "tamper"
    target = json.load(open(f"{state}/roles-anywhere.json"))
    leaf = x509.load_pem_x509_certificate(open(f"{state}/{device}/certificate.pem.crt", "rb").read())
    key = serialization.load_pem_private_key(open(f"{state}/{device}/private.pem.key", "rb").read(), None)
    chain = x509.load_pem_x509_certificates(open(f"{state}/{device}/intermediates.pem.crt", "rb").read())

    amz_date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    params = sorted({"profileArn": target["profileArn"], "roleArn": target["roleArn"], "trustAnchorArn": target["trustAnchorArn"]}.items())
    query = "&".join(f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}" for k, v in params)
    body = json.dumps({"durationSeconds": 900}).encode()
    headers = {
        "content-type": "application/json",
        "host": target["endpoint"],
        "x-amz-date": amz_date,
        "x-amz-x509": der_base64(leaf),
        "x-amz-x509-chain": ",".join(der_base64(c) for c in chain),
    }
    signed = ";".join(sorted(headers))
    canonical = "\n".join([
        "POST", "/sessions", query,
        "".join(f"{name}:{headers[name]}\n" for name in sorted(headers)),
        signed, hashlib.sha256(body).hexdigest()])
    algorithm = "AWS4-X509-RSA-SHA256" if isinstance(key, rsa.RSAPrivateKey) else "AWS4-X509-ECDSA-SHA256"
    scope = f"{amz_date[:8]}/{target['region']}/rolesanywhere/aws4_request"
    to_sign = f"{algorithm}\n{amz_date}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}".encode()
    if isinstance(key, rsa.RSAPrivateKey):
        signature = bytearray(key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256()))
    else:
        signature = bytearray(key.sign(to_sign, ec.ECDSA(hashes.SHA256())))
    if tamper:
        signature[-1] ^= 1

    request = urllib.request.Request(
        f"https://{target['endpoint']}/sessions?{query}", data=body, method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Amz-Date": amz_date,
            "X-Amz-X509": headers["x-amz-x509"],
            "X-Amz-X509-Chain": headers["x-amz-x509-chain"],
            "Authorization": f"{algorithm} Credential={leaf.serial_number}/{scope}, SignedHeaders={signed}, Signature={bytes(signature).hex()}",
        })
    context = ssl.create_default_context(cafile=f"{state}/AmazonRootCA1.pem")
    try:
        with urllib.request.urlopen(request, context=context) as response:
            answer = json.load(response)
            print(json.dumps({"status": response.status, "errorType": None, "message": None,
                              "assumedRoleUser": answer["credentialSet"][0]["assumedRoleUser"]["arn"]}))
    except urllib.error.HTTPError as error:
        print(json.dumps({"status": error.code, "errorType": error.headers.get("x-amzn-ErrorType"),
                          "message": json.loads(error.read()).get("message"), "assumedRoleUser": None}))


main()
