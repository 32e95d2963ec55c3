#!/usr/bin/env bash
# Installs what the hardware-key tests need (tests/scripts/hardware-fixture.sh builds the tokens from them):
# SoftHSM2 (a PKCS#11 software token), the PKCS#11 OpenSSL engine and provider, p11-kit, OpenSC's pkcs11-tool,
# and a software TPM (swtpm) with tpm2-abrmd, tpm2-tools, tpm2-pkcs11 and tpm2-openssl. Idempotent: installs only
# what is missing. Debian 12 ships pkcs11-provider only in bookworm-backports, so that suite is added (from the
# mirror this machine's apt sources already use) for that one package; backports are never preferred otherwise.
set -euo pipefail

packages=(softhsm2 opensc p11-kit p11-kit-modules libengine-pkcs11-openssl swtpm swtpm-tools tpm2-tools
  libtpm2-pkcs11-1 libtpm2-pkcs11-tools tpm2-openssl libtss2-tcti-swtpm0 tpm2-abrmd libtss2-tcti-tabrmd0 dbus)
need=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
updated=0
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  updated=1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! dpkg -s pkcs11-provider >/dev/null 2>&1; then
  [ "$updated" = 1 ] || apt-get update -qq
  if [ -z "$(apt-cache madison pkcs11-provider 2>/dev/null)" ]; then
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    # The Debian mirror already configured (deb822 or one-line format): the first URI serving "$codename".
    mirror=$(awk -v c="$codename" '
      /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == c && uri != "") { print uri; exit } }
      /^deb / { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { u = $i; if ($(i+1) == c) { print u; exit } } }
    ' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true)
    if [ -n "$codename" ] && [ -n "$mirror" ]; then
      echo "adding ${codename}-backports from $mirror for pkcs11-provider"
      cat > /etc/apt/sources.list.d/certcreds-backports.sources <<SOURCES
Types: deb
URIs: $mirror
Suites: ${codename}-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -t "${codename}-backports" \
        pkcs11-provider >/dev/null || echo "WARNING: pkcs11-provider did not install: the provider-route tests will FAIL" >&2
    else
      echo "WARNING: no Debian mirror found in the apt sources for pkcs11-provider: the provider-route tests will FAIL" >&2
    fi
  else
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pkcs11-provider >/dev/null
  fi
fi
