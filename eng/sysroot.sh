#!/usr/bin/env bash
# eng/sysroot.sh ARCH DIR: a Debian 11 (glibc 2.31) sysroot for ARCH (amd64 or arm64) in DIR, so that Native AOT
# binaries linked with -p:SysRoot=DIR run on older distributions than the build machine's (Debian 12 needs 2.34+).
# The packages come from the Debian archive this machine's apt already uses (suite bullseye instead of its own),
# fetched with apt-get download and unpacked with dpkg -x; absolute symlinks are made relative so that they
# resolve inside DIR. Idempotent: a finished sysroot (DIR/.complete) is left as it is.
set -euo pipefail
arch=${1:?usage: eng/sysroot.sh amd64|arm64 DIR}
dir=${2:?usage: eng/sysroot.sh amd64|arm64 DIR}
mkdir -p "$(dirname "$dir")"; dir=$(realpath -m "$dir")
[ -f "$dir/.complete" ] && exit 0

packages=(libc6 libc6-dev linux-libc-dev libgcc-10-dev libgcc-s1)

# The Debian mirror this machine is configured with (deb822 or one-line format).
uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
if [ -z "$uri" ]; then
  uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list 2>/dev/null || true)
fi
[ -n "$uri" ] || { echo "sysroot: no Debian archive found in the apt sources" >&2; exit 1; }

rm -rf "$dir" "$dir.apt"
mkdir -p "$dir" "$dir.apt/lists/partial" "$dir.apt/cache/archives/partial" "$dir.apt/debs"
echo "deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri bullseye main" > "$dir.apt/sources.list"
touch "$dir.apt/status"
apt_opts=(
  -o "Dir::Etc::SourceList=$dir.apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$dir.apt/lists" -o "Dir::Cache=$dir.apt/cache" -o "Dir::State::Status=$dir.apt/status"
  -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch"
)
apt-get "${apt_opts[@]}" -qq update
(cd "$dir.apt/debs" && apt-get "${apt_opts[@]}" -qq download "${packages[@]/%/:$arch}")
for deb in "$dir.apt/debs"/*.deb; do
  dpkg -x "$deb" "$dir"
done

# /usr/lib/x86_64-linux-gnu/libm.so -> /lib/x86_64-linux-gnu/libm.so.6 would point at the build machine's glibc.
find "$dir" -type l -lname '/*' | while read -r link; do
  target=$(readlink "$link")
  ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$dir$target")" "$link"
done
rm -rf "$dir.apt"
touch "$dir/.complete"
