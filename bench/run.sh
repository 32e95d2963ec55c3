#!/usr/bin/env bash
# certcreds benchmarks against the built-in emulator on loopback, in one run, written to bench/results.md: the issue-13
# side-by-side table (warm credential-process vs /bin/true, cold vs curl, binary size, serve under wrk -t1 -c16),
# plus the seed script, peak RSS and 50 concurrent cold calls.
#   bash bench/run.sh            (publishes the Native AOT binary first unless CERTCREDS_BIN is set)
# Run it on an idle machine: every number is relative to /bin/true and curl measured in the same run, but other
# load still widens the spread. Needs: hyperfine, curl, jq, wrk (Debian packages; installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
for tool in hyperfine curl jq wrk; do
  command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done

bin=${CERTCREDS_BIN:-}
if [ -z "$bin" ]; then
  dotnet publish src/CertCreds.Cli -c Release -r linux-x64 -o artifacts/bench-bin --nologo >/dev/null
  bin=$root/artifacts/bench-bin/certcreds
fi

work=$(mktemp -d)
home=$work/home
mkdir -p "$home"
cleanup() { [ -n "${emu:-}" ] && kill "$emu" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$bin" emulator --state-dir "$work/state" --port 0 2>"$work/emulator.log" &
emu=$!
for _ in $(seq 100); do [ -s "$work/state/endpoint" ] && break; sleep 0.1; done
endpoint=$(cat "$work/state/endpoint")
state=$work/state
cd "$state"

# The seed article's script, its variables set for the emulator's files.
export ENDPOINT=$endpoint ROLE_ALIAS_NAME=alias-for-roles-anywhere CERT_PATH=client1/certificate.pem.crt \
  PRIVATE_KEY_PATH=client1/private.pem.key THING_NAME=client1 CA_CERT_PATH=AmazonRootCA1.pem
seed="sh $root/tests/CertCreds.EndToEnd/scripts/seed-credential-helper.sh"
curl_cmd="curl -s --cert $CERT_PATH --key $PRIVATE_KEY_PATH -H x-amzn-iot-thingname:client1 --cacert $CA_CERT_PATH https://$endpoint/role-aliases/alias-for-roles-anywhere/credentials"
args="credential-process --endpoint $endpoint --role-alias alias-for-roles-anywhere --certificate $state/$CERT_PATH --private-key $state/$PRIVATE_KEY_PATH --ca-cert $state/$CA_CERT_PATH --thing-name client1"
cold="$bin $args --no-cache"
warm="$bin $args"
HOME=$home $warm >/dev/null   # prime the cache for the warm runs
# The warm runs must be keyring hits (the first cache level), and a hit must not load OpenSSL: both checked, not assumed.
warm_level=$(HOME=$home CERTCREDS_TRACE=1 $warm 2>&1 >/dev/null | grep -o 'cache: keyring [a-z]*' | head -1 || true)
HOME=$home LD_DEBUG=libs LD_DEBUG_OUTPUT=$work/ld-warm $warm >/dev/null
warm_openssl=$(cat "$work"/ld-warm.* | grep -c -E 'libssl|libcrypto' || true)

export HOME=$home
hyperfine -N --warmup 5 --runs 60 --export-json "$work/cold.json" \
  -n "certcreds cold (--no-cache)" "$cold" -n "seed script (curl | jq)" "$seed" -n "curl alone" "$curl_cmd" >"$work/cold.txt" 2>&1
hyperfine -N --warmup 10 --runs 200 --export-json "$work/warm.json" \
  -n "certcreds warm (cache hit)" "$warm" -n "/bin/true" "/bin/true" >"$work/warm.txt" 2>&1

# serve's container endpoint under wrk (bench/serve/run.sh, 30-second credentials so refreshes happen during the run).
WRK_ARGS="-t1 -c16 -d30s" bash "$root/bench/serve/run.sh" "$bin" >"$work/serve.txt" 2>&1 || true
serve_rps=$(awk '/Requests\/sec/ {print $2}' "$work/serve.txt")
serve_p99=$(awk '$1 == "99%" {print $2}' "$work/serve.txt")
serve_hwm=$(awk '/VmHWM/ {printf "%.1f MB", $2 / 1024}' "$work/serve.txt")
bin_dir=$(dirname "$bin")
size_of() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.2f MB", b / 1000000 }'; }
sizes="\`certcreds\` $(size_of "$bin")"
for companion in "$bin_dir"/certcreds-*; do
  [ -f "$companion" ] && [ -x "$companion" ] && case "$companion" in *.dbg) ;; *) sizes="$sizes; \`$(basename "$companion")\` $(size_of "$companion")";; esac
done

rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
rss_cold=$(rss $cold); rss_warm=$(rss $warm); rss_curl=$(rss $curl_cmd); rss_true=$(rss /bin/true)
rss_seed=$( { /usr/bin/time -f "%M" sh -c "$seed" >/dev/null; } 2>&1 | tail -1)

# 50 concurrent cold calls: how many requests reach the endpoint, and how long until all have their answer.
"$bin" cache clear 2>/dev/null
before=$(wc -l < "$state/requests.jsonl")
start=$(date +%s%N)
pids=()
for _ in $(seq 50); do $warm >"$work/out.$RANDOM$RANDOM" & pids+=($!); done
fails=0; for p in "${pids[@]}"; do wait "$p" || fails=$((fails+1)); done
wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))
after=$(wc -l < "$state/requests.jsonl")
distinct=$(cat "$work"/out.* | sort -u | wc -l)

mean() { jq -r ".results[] | select(.command==\"$2\") | .mean * 1000" "$1"; }
median() { jq -r ".results[] | select(.command==\"$2\") | .median * 1000" "$1"; }
c_cold=$(median "$work/cold.json" "certcreds cold (--no-cache)"); c_seed=$(median "$work/cold.json" "seed script (curl | jq)"); c_curl=$(median "$work/cold.json" "curl alone")
c_warm=$(median "$work/warm.json" "certcreds warm (cache hit)"); c_true=$(median "$work/warm.json" "/bin/true")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v a="$1" 'BEGIN { printf "%.1f", a }'; }

cd "$root"
{
  echo "# certcreds benchmarks"
  echo
  echo "Run: \`bash bench/run.sh\` — $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)."
  echo "Endpoint: the certcreds emulator on loopback (localhost), TLS 1.3, RSA-2048 device key. Medians of hyperfine runs (-N, no shell)."
  echo
  echo "## Issue 13 targets, side by side in this run"
  echo
  echo "| target | measured | met? |"
  echo "|---|---|---|"
  echo "| warm \`credential-process\` ≤ 3× \`/bin/true\` | $(ms "$c_warm") ms vs $(ms "$c_true") ms = $(ratio "$c_warm" "$c_true")× ($warm_level; libssl/libcrypto lines in LD_DEBUG: $warm_openssl) | $(awk -v a="$c_warm" -v b="$c_true" 'BEGIN { print (a <= 3 * b) ? "yes" : "no" }') |"
  echo "| cold \`credential-process --no-cache\` ≤ 1.1× curl | $(ms "$c_cold") ms vs $(ms "$c_curl") ms = $(ratio "$c_cold" "$c_curl")× | $(awk -v a="$c_cold" -v b="$c_curl" 'BEGIN { print (a <= 1.1 * b) ? "yes" : "no" }') |"
  echo "| binary that runs \`credential-process\` ≤ 12 MB | $sizes | $(awk -v b="$(stat -c %s "$bin")" 'BEGIN { print (b <= 12000000) ? "yes" : "no" }') |"
  echo "| serve ≥ 50k req/s, p99 < 2 ms, < 30 MB peak RSS (\`wrk -t1 -c16 -d30s\`) | ${serve_rps:-?} req/s, p99 ${serve_p99:-?}, peak ${serve_hwm:-?} | see numbers |"
  echo "| 50 concurrent cold calls = 1 endpoint request | $((after - before)) | $([ $((after - before)) -eq 1 ] && echo yes || echo no) |"
  echo
  echo "## All measurements"
  echo
  echo "| what | median | ratio | peak RSS |"
  echo "|---|---|---|---|"
  echo "| certcreds cold call (\`--no-cache\`) | $(ms "$c_cold") ms | 1.00 | ${rss_cold} KB |"
  echo "| seed script (\`curl \| jq\`) | $(ms "$c_seed") ms | $(ratio "$c_seed" "$c_cold") × certcreds cold | ${rss_seed} KB (largest process) |"
  echo "| plain curl, same request | $(ms "$c_curl") ms | certcreds cold = $(ratio "$c_cold" "$c_curl") × curl | ${rss_curl} KB |"
  echo "| certcreds warm call (cache hit) | $(ms "$c_warm") ms | $(ratio "$c_warm" "$c_true") × /bin/true | ${rss_warm} KB |"
  echo "| /bin/true | $(ms "$c_true") ms | 1.00 | ${rss_true} KB |"
  echo
  echo "50 concurrent cold calls (cache cleared, one shared cache): $((after - before)) endpoint request(s), ${wall_ms} ms wall time until all 50 had answered, $fails failed, $distinct distinct output(s)."
  echo
  echo "Targets (issue 4): cold faster than the seed script and within 1.2× curl; warm within 3× /bin/true; exactly 1 request for 50 concurrent calls."
  echo
  echo '<details><summary>hyperfine output</summary>'
  echo
  echo '```'
  cat "$work/cold.txt" "$work/warm.txt"
  echo '```'
  echo
  echo 'serve (bench/serve/run.sh):'
  echo
  echo '```'
  cat "$work/serve.txt"
  echo '```'
  echo '</details>'
} > bench/results.md
cat bench/results.md | head -20
