#!/usr/bin/env bash
# Benchmark (not a test): the proxy against nginx in front of the same simulator, on loopback, in
# one run. wrk drives `GET /api/v1/list/COUNTRY` (what every form load asks most), through:
#   - nginx `proxy_pass` and the proxy with its list cache off (`PROXY_LIST_CAPACITY=0`): every
#     request goes to the simulator; goal >= 0.8x nginx;
#   - nginx `proxy_cache` and the proxy with its list cache (warm): answered without the
#     simulator; goal >= 1.0x nginx.
#   1. throughput: 2 threads, 32 connections, DURATION seconds, ROUNDS rounds taking turns:
#      requests/s, p50, p99;
#   2. latency at about 1 000 requests/s (5 connections, each pausing 4 ms between requests): p50, p99, and the p99
#      each proxy adds over calling the simulator directly.
# Prints each round, a table and the proxy/nginx ratio. Goal: >= 0.8x nginx, <= 1 ms added p99 at 1 k req/s.
# Like for like: nginx logs no access line (access_log off), the proxy no line per request
# (RUST_LOG=warn; set RUST_LOG=info to measure its JSON log too); nginx runs one worker process, the proxy one worker (PROXY_WORKERS=1: a single-threaded
# event loop); PROXY_WORKERS=2 compares the proxy's multi-threaded runtime with that same nginx.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
command -v wrk >/dev/null && command -v nginx >/dev/null || {
  echo "bench-proxy: needs wrk and nginx (Debian packages wrk, nginx)" >&2; exit 1; }
DURATION=${DURATION:-10}
cargo build --profile server -p dms-sim -p proxy 2>&1 | tail -1
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SIM=$(free_port); PROXY=$(free_port); NGINX=$(free_port); CACHED=$(free_port); NGINX_CACHE=$(free_port)
CREDENTIAL="Bearer bench-$RANDOM$RANDOM"

SIM_REQUIRED_AUTH="$CREDENTIAL" target/server/dms-sim --addr "127.0.0.1:$SIM" > "$work/sim.log" 2>&1 &
pids+=($!)
start_proxy() { # port list-capacity
  PROXY_UPSTREAM_API="http://127.0.0.1:$SIM/api" PROXY_UPSTREAM_GS="http://127.0.0.1:$SIM/gs" \
  PROXY_ALLOWED_ORIGINS="http://bench.test" DMS_CREDENTIAL="$CREDENTIAL" \
  PROXY_RATE_IP_BURST=1000000000 PROXY_RATE_IP_REPLENISH_MS=1 \
  PROXY_RATE_ORIGIN_BURST=1000000000 PROXY_RATE_ORIGIN_REPLENISH_MS=1 PROXY_WORKERS=${PROXY_WORKERS:-1} \
  RUST_LOG="${RUST_LOG:-warn}" PROXY_LIST_CAPACITY="$2" target/server/dms-proxy --addr "127.0.0.1:$1" > "$work/proxy-$1.log" 2>&1 &
  pids+=($!)
}
start_proxy "$PROXY" 0
start_proxy "$CACHED" 10000
mkdir -p "$work/nginx"
cat > "$work/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
error_log $work/nginx/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  upstream sim { server 127.0.0.1:$SIM; keepalive 64; }
  proxy_cache_path $work/nginx/cache keys_zone=lists:10m;
  server {
    listen 127.0.0.1:$NGINX;
    location /api/v1/list/ {
      proxy_pass http://sim;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "$CREDENTIAL";
    }
  }
  server {
    listen 127.0.0.1:$NGINX_CACHE;
    location /api/v1/list/ {
      proxy_pass http://sim;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "$CREDENTIAL";
      proxy_cache lists;
      proxy_cache_valid 200 10m;
      proxy_cache_use_stale error timeout updating;
      proxy_cache_lock on;
    }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work/nginx" > "$work/nginx.out" 2>&1 &
pids+=($!)
for port in $SIM $PROXY $NGINX $CACHED $NGINX_CACHE; do
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/list/COUNTRY" \
    -H "Authorization: $CREDENTIAL" && break; sleep 0.1; done
done

cat > "$work/paced.lua" <<'LUA'
function delay() return 4 end
LUA
# wrk's summary -> "requests/s p50_ms p99_ms"
summarise() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    END { printf "%.0f %.3f %.3f\n", rps, p50, p99 }'
}
run() { # name url mode
  local args=(-t2 -c32 "-d${DURATION}s" --latency)
  [ "$3" = paced ] && args=(-t2 -c5 "-d${DURATION}s" --latency -s "$work/paced.lua")
  wrk "${args[@]}" -H "Authorization: $CREDENTIAL" -H "Origin: http://bench.test" "$2" | summarise
}
url() { echo "http://127.0.0.1:$1/api/v1/list/COUNTRY?lang=en"; }
# The machine is shared and noisy: nginx and the proxy take turns, ROUNDS times, and the table shows
# the median round of each (by requests/s); the ratio is the median of the per-round ratios.
ROUNDS=${ROUNDS:-3}
median() { sort -n | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'; }
: > "$work/rounds"
for round in $(seq "$ROUNDS"); do
  read -r d_rps d_p50 d_p99 < <(run direct "$(url $SIM)" max)
  read -r n_rps n_p50 n_p99 < <(run nginx "$(url $NGINX)" max)
  read -r p_rps p_p50 p_p99 < <(run proxy "$(url $PROXY)" max)
  read -r nc_rps _ _ < <(run nginx-cache "$(url $NGINX_CACHE)" max)
  read -r pc_rps _ _ < <(run proxy-cache "$(url $CACHED)" max)
  echo "$n_rps $n_p50 $n_p99 $p_rps $p_p50 $p_p99 $d_rps $d_p50 $d_p99 $nc_rps $pc_rps" >> "$work/rounds"
  awk -v p="$p_rps" -v n="$n_rps" -v pc="$pc_rps" -v nc="$nc_rps" 'BEGIN {
    printf "round %d: uncached nginx %d, dms-proxy %d requests/s (%.2fx); cached nginx %d, dms-proxy %d (%.2fx)\n",
      '"$round"', n, p, p / n, nc, pc, pc / nc }'
done
cached_ratio=$(awk '{ printf "%.3f\n", $11 / $10 }' "$work/rounds" | median)
cached_nginx=$(awk '{ print $10 }' "$work/rounds" | median)
cached_proxy=$(awk '{ print $11 }' "$work/rounds" | median)
ratio=$(awk '{ printf "%.3f\n", $4 / $1 }' "$work/rounds" | median)
read -r n_rps n_p50 n_p99 _ < <(sort -n -k1 "$work/rounds" | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }')
read -r p_rps p_p50 p_p99 < <(sort -n -k4 "$work/rounds" | awk '{ v[NR] = $4 " " $5 " " $6 } END { print v[int((NR + 1) / 2)] }')
read -r d_rps d_p50 d_p99 < <(sort -n -k7 "$work/rounds" | awk '{ v[NR] = $7 " " $8 " " $9 } END { print v[int((NR + 1) / 2)] }')
read -r dl_rps dl_p50 dl_p99 < <(run direct "$(url $SIM)" paced)
read -r nl_rps nl_p50 nl_p99 < <(run nginx "$(url $NGINX)" paced)
read -r pl_rps pl_p50 pl_p99 < <(run proxy "$(url $PROXY)" paced)

printf '\n%-28s %12s %10s %10s\n' "GET /api/v1/list/COUNTRY" "requests/s" "p50 ms" "p99 ms"
printf '%-28s %12s %10s %10s\n' "direct to simulator, max" "$d_rps" "$d_p50" "$d_p99"
printf '%-28s %12s %10s %10s\n' "nginx proxy_pass, max" "$n_rps" "$n_p50" "$n_p99"
printf '%-28s %12s %10s %10s\n' "dms-proxy, max" "$p_rps" "$p_p50" "$p_p99"
printf '%-28s %12s %10s %10s\n' "direct, paced" "$dl_rps" "$dl_p50" "$dl_p99"
printf '%-28s %12s %10s %10s\n' "nginx, paced" "$nl_rps" "$nl_p50" "$nl_p99"
printf '%-28s %12s %10s %10s\n' "dms-proxy, paced" "$pl_rps" "$pl_p50" "$pl_p99"
awk -v r="$ratio" -v pp="$pl_p99" -v np="$nl_p99" -v dp="$dl_p99" 'BEGIN {
  printf "\nuncached: throughput dms-proxy / nginx proxy_pass, median of the rounds: %.2fx (goal >= 0.80x)\n", r
  printf "p99 added over direct when paced: dms-proxy %.3f ms, nginx %.3f ms (goal <= 1 ms)\n", pp - dp, np - dp }'
printf 'cached: nginx proxy_cache %s, dms-proxy (warm list cache) %s requests/s, median ratio %sx (goal >= 1.00x)\n' \
  "$cached_nginx" "$cached_proxy" "$cached_ratio"
