#!/usr/bin/env bash
# Benchmark: a fleet of simulated computers (the reference agent, in one
# load-generator process, bench/agent/fleet_load) against `openwsus serve`
# over loopback.
#
#   bench/agent/storm_bench.sh MODE [RUNS] [COMPUTERS] [EXTRA fleet_load FLAGS...]
#
# MODE is one of fleet_load's:
#   scan-storm      (default) every computer at once: handshake, the full
#                   staged scan, detection and its report; then all at once
#                   again with their caches (delta scans). A 20,000-update
#                   synthetic catalog (generate_catalog.py --gate-by-product
#                   --drivers 600, so each computer holds the updates of its
#                   two products) and its 8 machine profiles, each with about
#                   70 devices for the driver pass (6 of them matched by
#                   catalog drivers).
#   steady          a first scan of every computer, then cycles at --rate R
#                   for --duration S (pass them after COMPUTERS).
#   report-storm    a first scan of every computer, then every computer at
#                   once sends a batch of --events N download events.
#   download-storm  the demo catalog with every update approved: every
#                   computer at once scans, downloads its files in 1 MiB
#                   ranges (verified by SHA-1 and SHA-256) and installs.
# Each run starts a fresh server on a fresh data directory. The script
# prints each run's figures and then the median of each figure over RUNS.
#
# Needs python3 and a build with benchmarks (scripts/build.sh). The server
# is given max_connections above COMPUTERS, and both processes an open-file
# limit of COMPUTERS + 1000 (the hard limit, ulimit -Hn, must allow it).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="${OPENWSUS_BUILD_DIR:-$here/build}"
binary="$build/openwsus"
load="$build/bench/agent/fleet_load"
mode="${1:-scan-storm}"
runs="${2:-3}"
computers="${3:-1000}"
shift $(( $# > 3 ? 3 : $# ))
[ -x "$binary" ] && [ -x "$load" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }
# Each process holds a socket per computer.
files=$(( computers + 1000 ))
ulimit -n "$files" 2>/dev/null || {
  echo "cannot raise the open-file limit to $files (hard limit $(ulimit -Hn))" >&2; exit 2; }

. "$here/bench/scratch.sh"

profiles="$scratch/profiles"
if [ "$mode" = download-storm ]; then
  mkdir -p "$profiles"
  # The demo catalog's updates apply to Contoso Widgets 2.0.
  cat > "$profiles/widgets-2.0.json" <<'JSON'
{"registry": {"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widgets": {"Version": "2.0.5.0"}},
 "files": {"csidl:38\\Contoso\\Widgets\\widgets.exe": "2.0.5.0"}}
JSON
else
  echo "generating 20,000 updates (600 of them drivers) and 8 machine profiles..."
  python3 "$here/bench/catalog/generate_catalog.py" "$scratch/catalog" --updates 20000 --gate-by-product \
    --drivers 600 --profiles "$profiles" > /dev/null
fi

fresh_server() {
  rm -rf "$scratch/data"
  mkdir -p "$scratch/data"
  printf '{"max_connections": %d}\n' "$(( computers + 500 ))" > "$scratch/data/openwsus.json"
  if [ "$mode" != download-storm ]; then
    "$binary" --quiet --data-dir "$scratch/data" import "$scratch/catalog" > /dev/null
  fi
  start_server
  if [ "$mode" = download-storm ]; then
    token="$("$binary" --data-dir "$scratch/data" token create --role administrator --name bench | grep -o 'ows_[A-Za-z0-9_-]*')"
    ids="$("$binary" --data-dir "$scratch/data" --server "$url" --token "$token" update list --json |
           python3 -c 'import json,sys; print(" ".join(u["update_id"] for u in json.load(sys.stdin)["updates"]))')"
    # shellcheck disable=SC2086  # one id per word
    "$binary" --data-dir "$scratch/data" --server "$url" --token "$token" update approve --action install \
      --group "All Computers" $ids > /dev/null
  fi
}

for run in $(seq 1 "$runs"); do
  fresh_server
  echo "--- run $run of $runs: $mode, $computers computers"
  "$load" "$mode" --server "$url" --profiles "$profiles" --computers "$computers" --server-pid "$server_pid" \
    --seed "$run" --json "$@" | tee "$scratch/run-$run.txt" | grep -v '^JSON '
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
done

echo "--- medians of $runs runs"
python3 - "$scratch" "$runs" <<'PY'
import json, statistics, sys
scratch, runs = sys.argv[1], int(sys.argv[2])
phases = {}
for run in range(1, runs + 1):
    for line in open("%s/run-%d.txt" % (scratch, run)):
        if line.startswith("JSON "):
            p = json.loads(line[5:])
            phases.setdefault(p["phase"], []).append(p)
for name, rows in phases.items():
    keys = [k for k, v in rows[0].items() if isinstance(v, (int, float)) and k != "computers"]
    med = {k: statistics.median(r[k] for r in rows) for k in keys}
    errors = sum(sum(r["errors"].values()) for r in rows)
    print("%s (%d runs): %s; errors %d" % (name, len(rows), ", ".join("%s %.1f" % (k, med[k]) for k in keys), errors))
PY
