#!/usr/bin/env bash
# certcreds benchmarks against the built-in emulator on loopback, in one run, written to bench/results.md.
#   bash bench/run.sh            (publishes the Native AOT binary first unless CERTCREDS_BIN is set)
# Needs: hyperfine, curl, jq (Debian packages; installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
for tool in hyperfine curl jq; do
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

export HOME=$home
hyperfine -N --warmup 5 --runs 60 --export-json "$work/cold.json" \
  -n "certcreds cold (--no-cache)" "$cold" -n "seed script (curl | jq)" "$seed" -n "curl alone" "$curl_cmd" >"$work/cold.txt" 2>&1
hyperfine -N --warmup 10 --runs 200 --export-json "$work/warm.json" \
  -n "certcreds warm (cache hit)" "$warm" -n "/bin/true" "/bin/true" >"$work/warm.txt" 2>&1

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
  echo '</details>'
} > bench/results.md
cat bench/results.md | head -20
