#!/usr/bin/env bash
# eng/test-release.sh [OUTDIR]: builds the release with eng/release.sh (default OUTDIR artifacts/release) and
# checks what a user gets from it:
#   - SHA256SUMS verifies; each tarball holds certcreds, LICENSE and README.md; no .dbg in any tool package;
#   - the x64 tarball's binary: --version is the release version, `certcreds demo` passes;
#   - `dotnet tool install --tool-path T --add-source OUTDIR certcreds`, then the installed `certcreds demo`;
#   - the CertCreds.AwsSdk package: compile-time surface is CertCreds.AwsSdk.dll alone; the sample app built
#     against the package (not the project), published with Native AOT, gets the role's ARN through the
#     emulator and moto;
#   - arm64 (when built): under qemu-aarch64-static, --version, demo, and credential-process against the emulator.
# RIDS="linux-x64" skips arm64 (what CI runs); SKIP_BUILD=1 checks an OUTDIR built before. Installs the apt packages it needs when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/release}
rids=${RIDS:-linux-x64 linux-arm64}
export RIDS=$rids DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export PATH="$HOME/.pyenv/shims:$PATH"
started=$SECONDS
step() { echo "== [$((SECONDS - started)) s] $*"; }
fail() { echo "test-release: FAILED: $*" >&2; exit 1; }
# --version prints the version, plus +COMMIT when built from a git checkout.
is_version() { [[ "$1" == "$version" || "$1" == "$version+"* ]]; }

need=()
for pkg in clang zlib1g-dev unzip; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if [[ " $rids " == *" linux-arm64 "* ]]; then
  [[ " $(dpkg --print-foreign-architectures | tr '\n' ' ') " == *" arm64 "* ]] || { dpkg --add-architecture arm64; apt_update=1; }
  for pkg in gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev:arm64 libssl3:arm64 qemu-user-static; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
fi
if [ ${#need[@]} -gt 0 ] || [ -n "${apt_update:-}" ]; then
  step "installing: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -z "${SKIP_BUILD:-}" ]; then   # SKIP_BUILD=1: check an OUTDIR built before
  step "eng/release.sh $out ($rids)"
  rm -rf "$out"
  eng/release.sh "$out"
fi
out=$(realpath "$out")
version=$(dotnet msbuild src/CertCreds.Cli/CertCreds.Cli.csproj -getProperty:Version)
step "release built"

tmp=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

(cd "$out" && sha256sum -c --quiet SHA256SUMS) || fail "SHA256SUMS does not verify"
for rid in $rids; do
  listing=$(tar -tzf "$out/certcreds-$version-$rid.tar.gz" | sort | tr '\n' ' ')
  [ "$listing" = "certcreds-$version-$rid/ certcreds-$version-$rid/LICENSE certcreds-$version-$rid/README.md certcreds-$version-$rid/certcreds " ] \
    || fail "unexpected contents of certcreds-$version-$rid.tar.gz: $listing"
  [ "$(tar -tzf "$out/certcreds-$version-$rid-debug.tar.gz" | grep -x "certcreds-$version-$rid-debug/certcreds.dbg")" ] || fail "no symbols in the $rid debug archive"
  # Listed first: `unzip | grep -q` fails under pipefail when grep stops reading early.
  package=$(unzip -l "$out/certcreds.$rid.$version.nupkg")
  grep -qE "tools/[^/]+/$rid/certcreds$" <<< "$package" || fail "no binary in the $rid tool package"
  ! grep -qE '\.(dbg|pdb)$' <<< "$package" || fail "debug symbols in the $rid tool package"
  tar -xzf "$out/certcreds-$version-$rid.tar.gz" -C "$tmp"
done

step "x64 tarball: --version and demo"
x64="$tmp/certcreds-$version-linux-x64/certcreds"
is_version "$("$x64" --version)" || fail "--version says '$("$x64" --version)', not $version"
(cd "$tmp" && HOME="$tmp" "$x64" demo > "$tmp/demo-x64.log" 2>&1) || { cat "$tmp/demo-x64.log"; fail "demo (x64 tarball)"; }

step "dotnet tool install from $out"
NUGET_PACKAGES="$tmp/nuget" dotnet tool install --tool-path "$tmp/tools" --add-source "$out" certcreds --version "$version" > "$tmp/tool.log" 2>&1 \
  || { cat "$tmp/tool.log"; fail "dotnet tool install"; }
is_version "$("$tmp/tools/certcreds" --version)" || fail "the installed tool's --version"
(cd "$tmp" && HOME="$tmp" "$tmp/tools/certcreds" demo > "$tmp/demo-tool.log" 2>&1) || { cat "$tmp/demo-tool.log"; fail "demo (dotnet tool)"; }

step "CertCreds.AwsSdk package: surface, and the AOT sample built from it"
unzip -l "$out/CertCreds.AwsSdk.$version.nupkg" > "$tmp/lib.txt"
grep -q 'lib/net10.0/CertCreds.Core.dll' "$tmp/lib.txt" || fail "CertCreds.Core.dll missing from the library package"
[ "$(grep -o 'ref/net10.0/[^ ]*\.dll' "$tmp/lib.txt")" = "ref/net10.0/CertCreds.AwsSdk.dll" ] || fail "the library package's ref/ is not CertCreds.AwsSdk.dll alone"
# A copy of the sample (under artifacts/, so Directory.Build.props still applies) whose obj/ is its own.
src="artifacts/sample-from-package"
rm -rf "$src" && mkdir -p "$src" && cp samples/IotCredentialsSample/{IotCredentialsSample.csproj,Program.cs} "$src/"
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/certcreds.awssdk/$version"   # never a stale copy of this version
dotnet publish "$src" -c Release -r linux-x64 --nologo \
  -p:CertCredsAwsSdkVersion="$version" -p:RestoreAdditionalProjectSources="$out" -o "$tmp/sample" > "$tmp/sample.log" 2>&1 \
  || { cat "$tmp/sample.log"; fail "sample from the package"; }
rm -rf "$src"

# The emulator (x64 tarball binary) on moto's STS (no signature checks here: the unit tests cover those).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" > "$tmp/moto.log" 2>&1 &
pids+=($!)
state="$tmp/emulator"
AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 \
  "$x64" emulator --state-dir "$state" --port 0 --sts-endpoint "http://127.0.0.1:$port" > "$tmp/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -f "$state/endpoint" ] && curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
[ -f "$state/endpoint" ] || { cat "$tmp/emulator.log"; fail "the emulator did not start"; }
endpoint=$(cat "$state/endpoint")
identity=(--endpoint "$endpoint" --role-alias alias-for-roles-anywhere --certificate "$state/client1/certificate.pem.crt"
          --private-key "$state/client1/private.pem.key" --ca-cert "$state/AmazonRootCA1.pem")
arn=$(env -i PATH="$PATH" HOME="$tmp" "$tmp/sample/IotCredentialsSample" "${identity[@]}" --sts-endpoint "http://127.0.0.1:$port" --region us-east-1) \
  || fail "the sample built from the package"
[[ "$arn" == *":assumed-role/iot-roles-anywhere-role/"* ]] || fail "the sample printed '$arn', not the role's ARN"
echo "sample (package build): $arn"

if [[ " $rids " == *" linux-arm64 "* ]]; then
  step "arm64 under qemu: --version, demo, credential-process"
  arm64="$tmp/certcreds-$version-linux-arm64/certcreds"
  # The arm64 loader and libraries of the multiarch packages (libc6:arm64, libssl3:arm64) at their usual paths. Not
  # `-L /usr/aarch64-linux-gnu` (the cross toolchain's copy of glibc): with it, every Native AOT binary, even a hello
  # world, spins forever at start under qemu 7.2, which is what made the arm64 build look broken.
  qemu=(qemu-aarch64-static)
  is_version "$("${qemu[@]}" "$arm64" --version)" || fail "arm64 --version"
  (cd "$tmp" && HOME="$tmp" "${qemu[@]}" "$arm64" demo > "$tmp/demo-arm64.log" 2>&1) || { cat "$tmp/demo-arm64.log"; fail "demo (arm64)"; }
  json=$(HOME="$tmp" "${qemu[@]}" "$arm64" credential-process "${identity[@]}" --no-cache 2>"$tmp/cp-arm64.err") \
    || { cat "$tmp/cp-arm64.err"; fail "credential-process (arm64)"; }
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["Version"]==1 and d["AccessKeyId"].startswith("ASIA") and d["SessionToken"]' "$json" \
    || fail "credential-process (arm64) printed no credentials"
  echo "arm64 credential-process: AccessKeyId $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["AccessKeyId"])' "$json")"
fi

step "all release checks passed"
echo "release checks: $(echo $rids | wc -w) RID(s) in $((SECONDS - started)) s"
