#!/usr/bin/env bash
# Software stand-ins for hardware keys, built into one folder in seconds and torn down by the pids recorded there.
#   hardware-fixture.sh up DIR    builds: a CA; a SoftHSM2 token "certcreds" with an RSA 2048 key "device-rsa" and its
#                                 certificate (also stored in the token as "device-rsa"), and a second RSA key
#                                 "other-rsa" with no certificate; tokens "pin-test" (SoftHSM) and "tpm-pin" (TPM)
#                                 that only wrong-PIN tests use; a swtpm TPM behind tpm2-abrmd on a private D-Bus
#                                 session bus, a tpm2-pkcs11 token "tpm" with an EC P-256 key "device-ec" and its
#                                 certificate, and a persistent TPM key at handle 0x81000010 with its certificate.
#                                 Writes DIR/fixture.env (KEY=value lines) that tests read.
#   hardware-fixture.sh down DIR  stops every daemon by the pid recorded in DIR and deletes DIR.
# Needs eng/install-hardware-key-tools.sh's packages and openssl. Loopback only: swtpm binds 127.0.0.1.
set -euo pipefail

cmd=${1:?usage: hardware-fixture.sh up|down DIR}
dir=${2:?usage: hardware-fixture.sh up|down DIR}

down() {
  for pidfile in "$dir"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

if [ "$cmd" = down ]; then
  down
  exit 0
fi
[ "$cmd" = up ] || { echo "usage: hardware-fixture.sh up|down DIR" >&2; exit 2; }

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
trap 'status=$?; [ $status -eq 0 ] || { echo "hardware fixture failed (exit $status)" >&2; down; }' EXIT
cd "$dir"

user_pin=1234
so_pin=12345678
softhsm_module=$(for f in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so; do [ -f "$f" ] && echo "$f" && break; done)
tpm_module=$(for f in /usr/lib/*/pkcs11/libtpm2_pkcs11.so /usr/lib/*/libtpm2_pkcs11.so.1; do [ -f "$f" ] && echo "$f" && break; done)
[ -n "$softhsm_module" ] || { echo "libsofthsm2.so not found: run eng/install-hardware-key-tools.sh" >&2; exit 1; }
[ -n "$tpm_module" ] || { echo "libtpm2_pkcs11.so not found: run eng/install-hardware-key-tools.sh" >&2; exit 1; }

# The CA and a throwaway request whose public key is replaced by the token key's (-force_pubkey), so no private key
# ever leaves a token.
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=certcreds hardware test CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout throwaway.key -out any.csr \
  -subj "/CN=throwaway" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' > leaf.ext
sign_pub() { # pubkey.pem subject out.pem
  openssl x509 -req -in any.csr -force_pubkey "$1" -subj "$2" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile leaf.ext -out "$3" 2>/dev/null
}

# SoftHSM2: a private token folder.
mkdir -p softhsm/tokens
printf 'directories.tokendir = %s/softhsm/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir" > softhsm/softhsm2.conf
export SOFTHSM2_CONF=$dir/softhsm/softhsm2.conf
softhsm2-util --init-token --free --label certcreds --so-pin "$so_pin" --pin "$user_pin" >/dev/null
p11() { pkcs11-tool --module "$softhsm_module" --token-label certcreds "$@"; }
p11 --login --pin "$user_pin" --keypairgen --key-type rsa:2048 --label device-rsa --id 01 >/dev/null
p11 --login --pin "$user_pin" --keypairgen --key-type rsa:2048 --label other-rsa --id 02 >/dev/null
p11 --read-object --type pubkey --label device-rsa -o rsa-pub.der >/dev/null
openssl pkey -pubin -inform DER -in rsa-pub.der -out rsa-pub.pem
sign_pub rsa-pub.pem "/CN=softhsm device" softhsm-device.pem
openssl x509 -in softhsm-device.pem -outform DER -out softhsm-device.der
p11 --login --pin "$user_pin" --write-object softhsm-device.der --type cert --label device-rsa --id 01 >/dev/null
# A second token only for wrong-PIN tests: PKCS#11 login state is per token and process, so a token that another test
# logged into would answer "already logged in" to any PIN.
softhsm2-util --init-token --free --label pin-test --so-pin "$so_pin" --pin "$user_pin" >/dev/null
pkcs11-tool --module "$softhsm_module" --token-label pin-test --login --pin "$user_pin" --keypairgen --key-type rsa:2048 \
  --label pin-rsa --id 01 >/dev/null
# A certificate for a key the token does not hold under that name: other-rsa's certificate, for mismatch tests.
p11 --read-object --type pubkey --label other-rsa -o other-pub.der >/dev/null
openssl pkey -pubin -inform DER -in other-pub.der -out other-pub.pem
sign_pub other-pub.pem "/CN=softhsm other" softhsm-other.pem

# swtpm behind tpm2-abrmd on a session bus of our own (tpm2-pkcs11 needs a resource manager: used directly, each
# process leaks one of the TPM's object slots).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
port=$(free_port)
mkdir -p tpmstate
swtpm socket --tpm2 --tpmstate dir="$dir/tpmstate" --server type=tcp,port="$port",bindaddr=127.0.0.1 \
  --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 --flags not-need-init,startup-clear \
  --pid file="$dir/swtpm.pid" --daemon
dbus_out=$(dbus-daemon --session --fork --print-address=1 --print-pid=1)
dbus_address=$(echo "$dbus_out" | sed -n 1p)
echo "$dbus_out" | sed -n 2p > dbus.pid
export DBUS_SESSION_BUS_ADDRESS=$dbus_address
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
tpm2-abrmd --session --allow-root --tcti="swtpm:host=127.0.0.1,port=$port" >abrmd.log 2>&1 &
echo $! > abrmd.pid
export TPM2TOOLS_TCTI=tabrmd:bus_type=session TPM2_PKCS11_TCTI=tabrmd:bus_type=session TPM2OPENSSL_TCTI=tabrmd:bus_type=session
for _ in $(seq 100); do tpm2_getcap properties-fixed >/dev/null 2>&1 && break; sleep 0.05; done

mkdir -p tpm2-pkcs11
export TPM2_PKCS11_STORE=$dir/tpm2-pkcs11
tpm2_ptool init --path "$TPM2_PKCS11_STORE" >/dev/null
tpm2_ptool addtoken --path "$TPM2_PKCS11_STORE" --pid=1 --label=tpm --sopin="$so_pin" --userpin="$user_pin" >/dev/null
tpm2_ptool addkey --path "$TPM2_PKCS11_STORE" --label=tpm --key-label=device-ec --userpin="$user_pin" --algorithm=ecc256 >/dev/null
tpm2_ptool addtoken --path "$TPM2_PKCS11_STORE" --pid=1 --label=tpm-pin --sopin="$so_pin" --userpin="$user_pin" >/dev/null
tpm2_ptool addkey --path "$TPM2_PKCS11_STORE" --label=tpm-pin --key-label=pin-ec --userpin="$user_pin" --algorithm=ecc256 >/dev/null
pkcs11-tool --module "$tpm_module" --token-label tpm --read-object --type pubkey --label device-ec -o ec-pub.der >/dev/null 2>&1
openssl pkey -pubin -inform DER -in ec-pub.der -out ec-pub.pem
sign_pub ec-pub.pem "/CN=tpm device" tpm-device.pem

# A persistent TPM key for tpm2-openssl's handle: form (signing only).
tpm2_createprimary -C o -G ecc256 -c primary.ctx >/dev/null
tpm2_create -C primary.ctx -G ecc256:ecdsa -u sign.pub -r sign.priv -a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign' >/dev/null
tpm2_load -C primary.ctx -u sign.pub -r sign.priv -c sign.ctx >/dev/null
tpm2_evictcontrol -C o -c sign.ctx 0x81000010 >/dev/null
tpm2_flushcontext -t >/dev/null 2>&1 || true
tpm2_readpublic -c 0x81000010 -f pem -o handle-pub.pem >/dev/null
sign_pub handle-pub.pem "/CN=tpm handle" tpm-handle.pem

cat > fixture.env <<ENV
SOFTHSM2_CONF=$SOFTHSM2_CONF
SOFTHSM_MODULE=$softhsm_module
TPM_MODULE=$tpm_module
DBUS_SESSION_BUS_ADDRESS=$dbus_address
TPM2_PKCS11_TCTI=$TPM2_PKCS11_TCTI
TPM2TOOLS_TCTI=$TPM2TOOLS_TCTI
TPM2OPENSSL_TCTI=$TPM2OPENSSL_TCTI
TPM2_PKCS11_STORE=$TPM2_PKCS11_STORE
USER_PIN=$user_pin
SO_PIN=$so_pin
CA_PEM=$dir/ca.pem
SOFTHSM_CERT=$dir/softhsm-device.pem
SOFTHSM_OTHER_CERT=$dir/softhsm-other.pem
TPM_CERT=$dir/tpm-device.pem
TPM_HANDLE_CERT=$dir/tpm-handle.pem
TPM_HANDLE=0x81000010
ENV
rm -f throwaway.key ca.srl
