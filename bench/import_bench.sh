#!/usr/bin/env bash
# Benchmark: `openwsus import` of a wsusutil export into an empty data directory.
# Prints wall time and peak RSS of each run, then the medians.
#
#   bench/import_bench.sh [CAB] [RUNS]
#
# CAB defaults to ../shared/fixtures/wsus-export/WSUS.cab (4,125 revisions);
# RUNS defaults to 5. Needs a built binary (scripts/build.sh) and GNU time.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
binary="${OPENWSUS_BINARY:-${OPENWSUS_BUILD_DIR:-$here/build}/openwsus}"
cab="${1:-$here/../shared/fixtures/wsus-export/WSUS.cab}"
runs="${2:-5}"
[ -x "$binary" ] || { echo "no binary at $binary: run scripts/build.sh first" >&2; exit 2; }
[ -f "$cab" ] || { echo "no export at $cab" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
times=()
rss=()
for i in $(seq 1 "$runs"); do
  rm -rf "$scratch/data"
  /usr/bin/time -f "%e %M" -o "$scratch/time" "$binary" --quiet --data-dir "$scratch/data" import "$cab" >/dev/null
  read -r wall kb < "$scratch/time"
  times+=("$wall")
  rss+=("$kb")
  echo "run $i: wall ${wall} s, peak RSS $((kb / 1024)) MB"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mt=$(median "${times[@]}")
mr=$(median "${rss[@]}")
echo "median of $runs: wall ${mt} s, peak RSS $((mr / 1024)) MB ($(basename "$cab"))"
