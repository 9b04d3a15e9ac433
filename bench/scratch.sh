# Sourced by the benchmarks that start a server: a scratch directory, and at
# exit the server ($server_pid, when set) and an nginx of nginx_ceiling.sh
# stopped and the directory removed, however the script ends.
scratch="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  if [ -f "$scratch/nginx/nginx.pid" ] && declare -F stop_nginx > /dev/null; then stop_nginx "$scratch"; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
