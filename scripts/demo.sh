#!/usr/bin/env bash
# The demo: DMS simulator + proxy + the public form + the dealer pages, on localhost. Ctrl-C stops
# them all.
#   simulator  http://127.0.0.1:8788  (holds the data and a lead-bank provider; requires the credential)
#   proxy      http://127.0.0.1:8787  (adds the credential; CORS for the page below)
#   form       http://127.0.0.1:8080/ (English)  and  /ar.html (Arabic); also the embed files
#              (/embed/embed.js, /frame.html, /frame-host.js)
#   examples   http://127.0.0.1:8070/ — a brand's site embedding the form (examples/)
#   dealer     http://127.0.0.1:8090/ (English)  and  /dealer-ar.html (Arabic), served as a portal
#              would: /portal/… goes to the proxy with the dealer token added
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
source scripts/env.sh

scripts/build.sh
cargo build -p dms-sim -p proxy
mkdir -p .run

# A fresh credential per run: known to the proxy and the simulator, never to the browser.
CREDENTIAL="Bearer demo-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The dealer routes' token, as a portal's reverse proxy would add it.
DEALER_TOKEN="dealer-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

SIM_REQUIRED_AUTH="$CREDENTIAL" target/debug/dms-sim --addr 127.0.0.1:8788 > .run/sim.log 2>&1 &
pids+=($!)
DMS_CREDENTIAL="$CREDENTIAL" PROXY_DEALER_TOKEN="$DEALER_TOKEN" \
  target/debug/dms-proxy --config config/proxy.demo.toml > .run/proxy.log 2>&1 &
pids+=($!)
# The forms' origin; embed.js loads its files from here, so they are served with CORS.
target/debug/serve-static --dir dist --addr 127.0.0.1:8080 \
  --header "Access-Control-Allow-Origin: *" > .run/static.log 2>&1 &
pids+=($!)
target/debug/serve-static --dir examples --addr 127.0.0.1:8070 > .run/examples.log 2>&1 &
pids+=($!)
PORTAL_DEALER_TOKEN="$DEALER_TOKEN" target/debug/serve-static --dir dist/dealer --extra-dir examples \
  --addr 127.0.0.1:8090 --portal http://127.0.0.1:8787 > .run/portal.log 2>&1 &
pids+=($!)

sleep 1
for pid in "${pids[@]}"; do
  kill -0 "$pid" 2>/dev/null || { echo "demo: a server did not start; see .run/*.log" >&2; exit 1; }
done
cat <<MSG

  The lead form is running. Open:
    English  http://127.0.0.1:8080/
    Arabic   http://127.0.0.1:8080/ar.html

  The embed examples (a brand's site on another origin):
    script embed   http://127.0.0.1:8070/brand-site.html?utm_source=google&utm_medium=cpc&utm_campaign=demo
    iframe embed   http://127.0.0.1:8070/landing-iframe.html
    kiosk          http://127.0.0.1:8070/kiosk.html
    dealer portal  http://127.0.0.1:8090/dealer-portal.html

  The dealer pages (bulk status, customer lookup, CSV import, lead-bank inbox):
    English  http://127.0.0.1:8090/
    Arabic   http://127.0.0.1:8090/dealer-ar.html
    (a seeded customer to look up: mobile 568617084; the inbox has 5 leads waiting)

  What the simulated DMS received:  http://127.0.0.1:8788/__sim/received
  Status of a bulk (through the proxy, as the dealer pages will):
    curl -H 'X-Dealer-Token: $DEALER_TOKEN' 'http://127.0.0.1:8787/gs/v1/leads/bulks?id=<bulk id>'
  Break the DMS on purpose (then watch the outbox deliver anyway):
    curl -H 'Content-Type: application/json' -d '{"bulk_failure_rate": 0.5, "kinds": ["5xx", "drop", "hang"]}' http://127.0.0.1:8788/__sim/faults
    (send {} to heal it)
  Logs in .run/. Press Ctrl-C to stop.

MSG
wait
