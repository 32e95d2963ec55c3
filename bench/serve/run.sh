#!/usr/bin/env bash
# Benchmark of `certcreds serve`'s container endpoint on loopback with wrk, while refreshes happen: the emulator's
# role alias hands out 30-second credentials, so serve refreshes every 15 s during the 30-second run.
# Usage: [WRK_ARGS="-t2 -c32 -d30s"] bench/serve/run.sh [path/to/certcreds] (default artifacts/bin/certcreds; publish it first).
# Prints wrk's report, the number of refreshes during the run, and serve's RSS (current and peak).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-artifacts/bin/certcreds}")
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
dir=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT

"$bin" emulator --state-dir "$dir/state" --port 0 2>"$dir/emulator.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$dir/state/endpoint" ] && break; sleep 0.1; done
jq '(.roleAliases[] | select(.name == "alias-for-roles-anywhere") | .credentialDurationSeconds) = 30' "$dir/state/emulator.json" >"$dir/registry.json"
mv "$dir/registry.json" "$dir/state/emulator.json"
sleep 1

"$bin" serve --endpoint "$(cat "$dir/state/endpoint")" --role-alias alias-for-roles-anywhere \
  --certificate "$dir/state/client1/certificate.pem.crt" --private-key "$dir/state/client1/private.pem.key" \
  --ca-cert "$dir/state/AmazonRootCA1.pem" >"$dir/exports" 2>"$dir/serve.log" &
serve=$!
pids=("$serve" "${pids[@]}")
for _ in $(seq 100); do [ -f "$dir/exports" ] && [ "$(wc -l <"$dir/exports")" -ge 3 ] && break; sleep 0.1; done
# shellcheck disable=SC1091
. "$dir/exports"

issued_before=$(wc -l <"$dir/state/issued.jsonl")
wrk_args=${WRK_ARGS:--t2 -c32 -d30s}
echo "wrk $wrk_args --latency -H 'Authorization: <token>' $AWS_CONTAINER_CREDENTIALS_FULL_URI"
# shellcheck disable=SC2086
wrk $wrk_args --latency -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI"
issued_after=$(wc -l <"$dir/state/issued.jsonl")
echo "refreshes during the run: $((issued_after - issued_before))"
grep -E '^Vm(RSS|HWM)' "/proc/$serve/status"
echo "serve stderr lines (warnings): $(wc -l <"$dir/serve.log")"
