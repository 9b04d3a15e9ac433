#!/usr/bin/env bash
# Benchmark: 1 MiB range requests against /Content/XX/SHA1.ext over loopback,
# as Delivery Optimization downloads (closed ranges of exactly 1 MiB, shuffled
# offsets, keep-alive). Starts its own `openwsus serve` on a scratch data
# directory and a free port, loads it with wrk from another process, and
# prints throughput per run and the median.
#
#   bench/content_range_bench.sh [RUNS] [SECONDS] [CONNECTIONS]
#
# Needs wrk (apt-get install wrk) and a built binary (scripts/build.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
. "$here/bench/nginx_ceiling.sh"
binary="${OPENWSUS_BINARY:-${OPENWSUS_BUILD_DIR:-$here/build}/openwsus}"
runs="${1:-5}"
seconds="${2:-5}"
connections="${3:-16}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -x "$binary" ] || { echo "no binary at $binary: run scripts/build.sh first" >&2; exit 2; }

. "$here/bench/scratch.sh"

# A 256 MiB file in the WSUS content layout, named by its SHA-1.
head -c $((256 * 1024 * 1024)) /dev/urandom > "$scratch/file.bin"
sha1="$(sha1sum "$scratch/file.bin" | cut -c1-40 | tr a-f A-F)"
mkdir -p "$scratch/data/content/${sha1:38:2}"
mv "$scratch/file.bin" "$scratch/data/content/${sha1:38:2}/$sha1.cab"
url_path="/Content/${sha1:38:2}/$sha1.cab"

start_server

cat > "$scratch/ranges.lua" <<'LUA'
-- Closed 1 MiB ranges at shuffled offsets within the 256 MiB file.
math.randomseed(os.time())
request = function()
  local first = math.random(0, 255) * 1048576
  wrk.headers["Range"] = "bytes=" .. first .. "-" .. (first + 1048575)
  return wrk.format("GET", nil)
end
LUA

# Runs the load `runs` times against a URL; prints each run and sets $median (MB/s).
load() {
  local name="$1" url="$2" results=() out rate rps non2xx
  for i in $(seq 1 "$runs"); do
    out="$(wrk -t2 -c"$connections" -d"${seconds}s" -s "$scratch/ranges.lua" "$url")"
    # wrk prints e.g. "Transfer/sec:      1.23GB"; convert to MB/s.
    rate="$(echo "$out" | awk '/Transfer\/sec/ {v=$2; u=substr(v, length(v)-1); n=substr(v, 1, length(v)-2);
      if (u=="GB") n*=1024; else if (u=="KB") n/=1024; printf "%.0f", n}')"
    rps="$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')"
    non2xx="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
    results+=("$rate")
    echo "$name run $i: ${rate} MB/s, ${rps} requests/s${non2xx:+, non-2xx: $non2xx}"
  done
  median="$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  echo "$name median of $runs: ${median} MB/s of 1 MiB ranges, $connections connections, wrk -t2 over loopback"
}

load openwsus "http://127.0.0.1:$port$url_path"
ours="$median"

# The ceiling: nginx (sendfile on) serving the same file, when it is installed.
if command -v nginx >/dev/null; then
  kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  server_pid=""
  start_nginx "$scratch" "root $scratch/data; location /Content/ { alias $scratch/data/content/; }"
  load nginx "http://127.0.0.1:$nginx_port$url_path"
  stop_nginx "$scratch"
  if [ "$median" -gt 0 ]; then awk -v a="$ours" -v b="$median" 'BEGIN {printf "openwsus / nginx: %.2f\n", a / b}'; fi
fi
