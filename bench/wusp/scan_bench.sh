#!/usr/bin/env bash
# Benchmark: the MS-WUSP scan path under load from another process, over
# loopback, on a synthetic catalog of 20,000 updates
# (bench/catalog/generate_catalog.py --gate-by-product, with its machine
# profiles: each agent evaluates the rules and caches about a thousand):
#   (a) delta scans: wrk replays the SyncUpdates of agents whose cache is
#       complete (about a thousand cached ids each), 200 connections: as
#       fast as they are answered (closed loop: throughput), then each
#       connection paced to one request per 100 ms, some 2,000 SyncUpdates/s
#       (latency at the target rate; a closed loop's latency is only
#       connections / throughput);
#   (b) first full scans: new agents (handshake and the whole staged scan)
#       from bench/wusp/wusp_load;
#   (c) the server's peak RSS (VmHWM) over both;
# then the ceiling: nginx serving a static file the size of our delta
# SyncUpdates answer to the same wrk load, and the ratio.
#
#   bench/wusp/scan_bench.sh [RUNS] [SECONDS] [CONNECTIONS] [FULL_SCANS]
#
# Needs wrk and python3; nginx for the ceiling (apt-get install wrk nginx),
# and a build with benchmarks (scripts/build.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
. "$here/bench/nginx_ceiling.sh"
build="${OPENWSUS_BUILD_DIR:-$here/build}"
binary="$build/openwsus"
load="$build/bench/wusp/wusp_load"
runs="${1:-5}"
seconds="${2:-10}"
connections="${3:-200}"
full_scans="${4:-400}"
agents=200
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -x "$binary" ] && [ -x "$load" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }

. "$here/bench/scratch.sh"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "generating and importing 20,000 updates..."
python3 "$here/bench/catalog/generate_catalog.py" "$scratch/catalog" --updates 20000 --gate-by-product \
  --profiles "$scratch/profiles" > /dev/null
"$binary" --quiet --data-dir "$scratch/data" import "$scratch/catalog" > /dev/null

start_server
echo "server: $(grep -o 'VmHWM.*' /proc/$server_pid/status) after start"

mkdir -p "$scratch/bodies"
"$load" prepare "$url" "$agents" "$scratch/bodies" "$scratch/profiles"

# wrk replays the agents' delta SyncUpdates, each connection its own agent.
replay_lua "$scratch/delta.lua" delta SyncUpdates
sed 's/^function request()/function delay()\n  return 95\nend\nfunction request()/' "$scratch/delta.lua" > "$scratch/paced.lua"

# One wrk run; prints "requests/s p99_ms non2xx".
wrk_run() {
  local out
  out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")"
  local rps p99 non2xx
  rps="$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')"
  p99="$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) sub("ms","",v); else if (v ~ /s$/) {sub("s","",v); v*=1000}; printf "%.1f", v}')"
  non2xx="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
  echo "$rps $p99 ${non2xx:-0}"
}

rates=(); p99s=()
for i in $(seq 1 "$runs"); do
  read -r rps p99 bad < <(wrk_run -s "$scratch/delta.lua" "$url")
  rates+=("$rps"); p99s+=("$p99")
  echo "delta run $i: $rps SyncUpdates/s, p99 $p99 ms, non-2xx $bad"
done
delta_rate="$(printf '%s\n' "${rates[@]}" | median)"
delta_p99="$(printf '%s\n' "${p99s[@]}" | median)"
echo "delta scans, closed loop, median of $runs: $delta_rate SyncUpdates/s, p99 $delta_p99 ms ($connections connections, wrk -t2)"
paced=(); paced_p99=()
for i in $(seq 1 "$runs"); do
  read -r rps p99 bad < <(wrk_run -s "$scratch/paced.lua" "$url")
  paced+=("$rps"); paced_p99+=("$p99")
  echo "paced delta run $i: $rps SyncUpdates/s, p99 $p99 ms, non-2xx $bad"
done
echo "delta scans, paced, median of $runs: $(printf '%s\n' "${paced[@]}" | median) SyncUpdates/s, p99 $(printf '%s\n' "${paced_p99[@]}" | median) ms"

full=()
for i in $(seq 1 "$runs"); do
  out="$("$load" full-scan "$url" "$full_scans" 4 "$scratch/profiles")"
  echo "full-scan run $i: $out"
  full+=("$(echo "$out" | sed -n 's/.*: \([0-9.]*\) clients\/s.*/\1/p')")
done
echo "first full scans, median of $runs: $(printf '%s\n' "${full[@]}" | median) clients/s"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$server_pid/status)"

# The ceiling: nginx serving a file the size of our delta answer.
if command -v nginx >/dev/null; then
  answer_size="$(curl -s -X POST -H 'Content-Type: text/xml; charset=utf-8' \
    -H 'SOAPAction: "http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/SyncUpdates"' \
    --data-binary @"$scratch/bodies/delta-0.xml" "$url/ClientWebService/client.asmx" | wc -c)"
  kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  server_pid=""
  mkdir -p "$scratch/nginx/www"
  head -c "$answer_size" /dev/zero | tr '\0' 'x' > "$scratch/nginx/www/answer.xml"
  start_nginx "$scratch" "root $scratch/nginx/www;"
  rates=()
  for i in $(seq 1 "$runs"); do
    read -r rps p99 bad < <(wrk_run "http://127.0.0.1:$nginx_port/answer.xml")
    rates+=("$rps")
    echo "nginx run $i: $rps requests/s, p99 $p99 ms (static $answer_size bytes)"
  done
  nginx_rate="$(printf '%s\n' "${rates[@]}" | median)"
  echo "nginx static $answer_size bytes, median of $runs: $nginx_rate requests/s"
  awk -v a="$delta_rate" -v b="$nginx_rate" 'BEGIN {printf "openwsus delta scans / nginx static file: %.2f\n", a / b}'
fi
