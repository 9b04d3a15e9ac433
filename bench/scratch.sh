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

# Starts `$binary serve` on an ephemeral loopback port over $scratch/data and
# waits (up to 60 s) for its ports.json: sets server_pid, port and url.
start_server() {
  "$binary" --quiet --data-dir "$scratch/data" serve --bind 127.0.0.1 --http-port 0 > "$scratch/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do [ -f "$scratch/data/ports.json" ] && break; sleep 0.1; done
  port="$(sed -n 's/.*"http_port":\([0-9]*\).*/\1/p' "$scratch/data/ports.json")"
  [ -n "$port" ] || { echo "server did not start" >&2; cat "$scratch/serve.log" >&2; exit 1; }
  url="http://127.0.0.1:$port"
}

# Writes a wrk script to $1 that POSTs the ClientWebService operation $3,
# cycling through the bodies $scratch/bodies/$2-0.xml .. -(agents-1).xml,
# each connection starting at a random one.
replay_lua() {
  local out="$1" prefix="$2" operation="$3"
  cat > "$out" <<LUA
local bodies = {}
local next_body = 1
function init(args)
  for i = 0, $agents - 1 do
    local f = io.open("$scratch/bodies/$prefix-" .. i .. ".xml", "rb")
    bodies[#bodies + 1] = f:read("*a")
    f:close()
  end
  next_body = math.random(1, #bodies)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
wrk.headers["SOAPAction"] = '"http://www.microsoft.com/SoftwareDistribution/Server/ClientWebService/$operation"'
function request()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, "/ClientWebService/client.asmx", nil, bodies[next_body])
end
LUA
}
