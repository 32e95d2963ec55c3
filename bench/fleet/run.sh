#!/usr/bin/env bash
# Fleet simulation: 10,000 simulated `certcreds serve` devices (the real CredentialRefresher, ServeRefreshPolicy,
# IotCredentialsProvider and BackoffPolicy) in one process, in simulated time, against an endpoint limited to a
# quota of requests per second that answers 429 above it. Prints one results-table row per scenario.
# Usage: bash bench/fleet/run.sh [extra FleetSim options, e.g. --quota 50]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/fleet -c Release -v q --nologo >/dev/null
sim() { dotnet bench/fleet/bin/Release/net10.0/FleetSim.dll --devices 10000 --quota 100 "$@"; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r); commit $(git rev-parse --short HEAD)"
sim --outage 900 --retry-throttling --label "outage, 429 retried within the fetch (before)" "$@"
sim --outage 900 --label "outage, serve: one request per fetch on 429" "$@"
sim --outage 900 --retry-after 1 --label "outage, serve, provider sends Retry-After: 1" "$@"
sim --outage 0 --start-spread 10 --retry-throttling --label "cold start, 429 retried within the fetch (before)" "$@"
sim --outage 0 --start-spread 10 --label "cold start, serve: one request per fetch on 429" "$@"
sim --outage 0 --start-spread 10 --retry-after 5 --label "cold start, serve, provider sends Retry-After: 5" "$@"
