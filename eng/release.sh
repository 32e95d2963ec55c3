#!/usr/bin/env bash
# eng/release.sh OUTDIR: everything a release ships, in OUTDIR:
#   certcreds-VERSION-linux-x64.tar.gz, certcreds-VERSION-linux-arm64.tar.gz   binary, LICENSE, README.md
#   certcreds-VERSION-linux-x64-debug.tar.gz, …-linux-arm64-debug.tar.gz       certcreds.dbg (debug symbols)
#   certcreds.VERSION.nupkg, certcreds.linux-x64.VERSION.nupkg, certcreds.linux-arm64.VERSION.nupkg
#                                                                              the `certcreds` dotnet tool
#   CertCreds.AwsSdk.VERSION.nupkg, CertCreds.AwsSdk.VERSION.snupkg           the AWS SDK library (+ symbols)
#   SHA256SUMS                                                                 `sha256sum -c SHA256SUMS`
# VERSION is Directory.Build.props' <Version> (the one place; `certcreds --version` shows it).
# The binaries are linked against a Debian 11 sysroot (eng/sysroot.sh) and must need glibc 2.29 at most: checked.
# RIDS="linux-x64" builds only x64 (CI does: arm64 cross-compiling costs minutes); default both.
# Needs: clang, zlib1g-dev; for arm64 gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu (eng/test-release.sh installs).
set -euo pipefail
out=${1:?usage: eng/release.sh OUTDIR}
cd "$(dirname "$0")/.."
root=$PWD
mkdir -p "$out"
out=$(realpath "$out")
rids=${RIDS:-linux-x64 linux-arm64}
max_glibc=2.29
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version=$(dotnet msbuild src/CertCreds.Cli/CertCreds.Cli.csproj -getProperty:Version)
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
echo "certcreds $version: $rids -> $out"
props=(-c Release -p:CertCredsPackTool=true "-p:CertCredsSysRootDir=$root/artifacts/sysroot" --nologo)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball() { # tarball NAME DIR: a reproducible .tar.gz of DIR's contents under NAME/
  tar -C "$2" --transform "s|^\.|$1|" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - . | gzip -n -9 > "$out/$1.tar.gz"
}

for rid in $rids; do
  case "$rid" in
    linux-x64) arch=amd64; objdump=objdump ;;
    linux-arm64) arch=arm64; objdump=aarch64-linux-gnu-objdump ;;
    *) echo "release: unsupported RID $rid" >&2; exit 2 ;;
  esac
  eng/sysroot.sh "$arch" "artifacts/sysroot/$rid"
  # A link made earlier against the build machine's glibc must not be reused.
  rm -rf "src/CertCreds.Cli/obj/Release/net10.0/$rid/native"
  # One Native AOT compile per RID: packing the RID-specific tool package publishes into publish-RID, whose
  # binary also goes into the tarball; the symbols are moved out of the package into symbols-RID.
  dotnet pack src/CertCreds.Cli -r "$rid" "${props[@]}" -o "$out" \
    "-p:PublishDir=$work/publish-$rid/" "-p:CertCredsSymbolsDir=$work/symbols-$rid/"

  needed=$("$objdump" -T "$work/publish-$rid/certcreds" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
  if [ "$(printf '%s\n%s\n' "$needed" "$max_glibc" | sort -V | tail -1)" != "$max_glibc" ]; then
    echo "release: $rid binary needs glibc $needed, more than the $max_glibc the README promises" >&2
    exit 1
  fi
  echo "$rid: needs glibc $needed"

  name="certcreds-$version-$rid"
  mkdir -p "$work/$name" "$work/$name-debug"
  cp "$work/publish-$rid/certcreds" LICENSE README.md "$work/$name/"
  cp "$work/symbols-$rid/certcreds.dbg" "$work/$name-debug/"
  tarball "$name" "$work/$name"
  tarball "$name-debug" "$work/$name-debug"
done

dotnet pack src/CertCreds.Cli "${props[@]}" -o "$out"
dotnet pack src/CertCreds.AwsSdk -c Release --nologo -o "$out"

(cd "$out" && rm -f SHA256SUMS && sha256sum -- *.tar.gz *.nupkg *.snupkg > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
ls -l "$out"
