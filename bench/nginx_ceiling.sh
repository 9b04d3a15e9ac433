# Sourced by the benchmarks: the ceiling they compare with, nginx (2 workers,
# sendfile on, keep-alive without limit) on a free loopback port.
#
#   start_nginx SCRATCH SERVER_BLOCK_BODY   sets $nginx_port; SERVER_BLOCK_BODY
#                                           may use __PORT__ for the port
#   stop_nginx SCRATCH
start_nginx() {
  local scratch="$1" body="$2"
  # A port nobody holds now (port + 1 may be one of wrk's ephemeral ones).
  nginx_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  # nginx's workers run as an unprivileged user; our scratch dirs are 0700.
  chmod -R a+rX "$scratch"
  mkdir -p "$scratch/nginx"
  cat > "$scratch/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $scratch/nginx/nginx.pid;
error_log $scratch/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path $scratch/nginx; proxy_temp_path $scratch/nginx; fastcgi_temp_path $scratch/nginx;
  uwsgi_temp_path $scratch/nginx; scgi_temp_path $scratch/nginx;
  server { listen 127.0.0.1:$nginx_port; ${body} }
}
CONF
  nginx -c "$scratch/nginx/nginx.conf" -p "$scratch/nginx"
  sleep 0.5
}

stop_nginx() {
  nginx -c "$1/nginx/nginx.conf" -p "$1/nginx" -s stop 2>/dev/null || true
}
