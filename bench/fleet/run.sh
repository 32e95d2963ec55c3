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
sim --outage 900 --label "outage, 10 s fetch deadline" "$@"
sim --outage 900 --fetch-timeout 0.1 --label "outage, one attempt per fetch" "$@"
sim --outage 0 --start-spread 10 --label "cold start, 10 s fetch deadline" "$@"
sim --outage 0 --start-spread 10 --fetch-timeout 0.1 --label "cold start, one attempt per fetch" "$@"
