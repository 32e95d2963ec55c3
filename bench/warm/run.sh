#!/usr/bin/env bash
# What a keyring warm hit can cost, side by side in one run: /bin/true, `certcreds --version` (process start to
# main of the current binary), the bench-only WarmBench harness doing exactly a keyring warm hit with the real core
# components (an AOT process: statx x3, managed SHA-256, keyctl search + read, write), and today's warm
# credential-process (encrypted file cache hit). Then the in-process cost of the hit itself (WarmBench loop).
# Usage: bash bench/warm/run.sh [path/to/certcreds]   (default artifacts/bin/certcreds; publish it first)
# Needs hyperfine; publishes WarmBench to artifacts/warm-bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-artifacts/bin/certcreds}")
dotnet publish bench/warm -c Release -r linux-x64 -o artifacts/warm-bench --nologo >/dev/null
warm=$PWD/artifacts/warm-bench/WarmBench
work=$(mktemp -d)
cleanup() { [ -n "${emu:-}" ] && kill "$emu" 2>/dev/null; wait 2>/dev/null; "$warm" clear "${files[@]}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$bin" emulator --state-dir "$work/state" --port 0 2>"$work/emulator.log" &
emu=$!
for _ in $(seq 100); do [ -s "$work/state/endpoint" ] && break; sleep 0.1; done
s=$work/state
files=("$s/client1/certificate.pem.crt" "$s/client1/private.pem.key" "$s/AmazonRootCA1.pem")
export HOME=$work/home; mkdir -p "$HOME"
cp_args="credential-process --endpoint $(cat "$s/endpoint") --role-alias alias-for-roles-anywhere --certificate ${files[0]} --private-key ${files[1]} --ca-cert ${files[2]} --thing-name client1"
"$bin" $cp_args >/dev/null
"$warm" store "${files[@]}"
"$warm" hit "${files[@]}" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sizes: certcreds $(stat -c %s "$bin") bytes, WarmBench $(stat -c %s "$warm") bytes"
hyperfine -N --warmup 10 --runs 200 \
  -n "/bin/true" /bin/true \
  -n "certcreds --version" "$bin --version" \
  -n "keyring warm hit (WarmBench hit, AOT)" "$warm hit ${files[*]}" \
  -n "certcreds credential-process warm (file cache)" "$bin $cp_args"
"$warm" loop 2000 "${files[@]}"
