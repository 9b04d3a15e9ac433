#!/usr/bin/env bash
# Benchmark: GetExtendedUpdateInfo under load from another process, over
# loopback, on the synthetic catalog of 20,000 updates: wrk replays the
# GetExtendedUpdateInfo of agents that finished their scan (50 leaf revision
# ids each, Extended and LocalizedProperties, en-US), CONNECTIONS connections
# (50 by default), each connection its own agent, as fast as they are
# answered. Prints requests/s and p99 per run and their medians.
#
#   bench/wusp/extended_info_bench.sh [RUNS] [SECONDS] [CONNECTIONS]
#
# Needs wrk and python3, and a build with benchmarks (scripts/build.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="${OPENWSUS_BUILD_DIR:-$here/build}"
binary="$build/openwsus"
load="$build/bench/wusp/wusp_load"
runs="${1:-5}"
seconds="${2:-10}"
connections="${3:-50}"
agents="$connections"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -x "$binary" ] && [ -x "$load" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }

. "$here/bench/scratch.sh"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "generating and importing 20,000 updates..."
python3 "$here/bench/catalog/generate_catalog.py" "$scratch/catalog" --updates 20000 --gate-by-product \
  --profiles "$scratch/profiles" > /dev/null
"$binary" --quiet --data-dir "$scratch/data" import "$scratch/catalog" > /dev/null

start_server

mkdir -p "$scratch/bodies"
"$load" prepare "$url" "$agents" "$scratch/bodies" "$scratch/profiles"

replay_lua "$scratch/extended.lua" extended GetExtendedUpdateInfo

# One answer, checked: it must carry fragments and file locations.
answer="$(curl -s -X POST -H 'Content-Type: text/xml; charset=utf-8' \
  -H 'SOAPAction: "http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/GetExtendedUpdateInfo"' \
  --data-binary @"$scratch/bodies/extended-0.xml" "$url/ClientWebService/client.asmx")"
case "$answer" in
  *"<FileLocations>"*) echo "one answer: ${#answer} bytes, $(grep -o '<Update>' <<< "$answer" | wc -l) fragments" ;;
  *) echo "GetExtendedUpdateInfo did not answer with file locations:" >&2; echo "${answer:0:500}" >&2; exit 1 ;;
esac

rates=(); p99s=()
for i in $(seq 1 "$runs"); do
  out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$scratch/extended.lua" "$url")"
  rps="$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')"
  p99="$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) sub("ms","",v); else if (v ~ /s$/) {sub("s","",v); v*=1000}; printf "%.1f", v}')"
  bad="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
  rates+=("$rps"); p99s+=("$p99")
  echo "run $i: $rps GetExtendedUpdateInfo/s, p99 $p99 ms, non-2xx ${bad:-0}"
done
echo "GetExtendedUpdateInfo, $connections connections, median of $runs: $(printf '%s\n' "${rates[@]}" | median)/s, p99 $(printf '%s\n' "${p99s[@]}" | median) ms"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$server_pid/status)"
