#!/usr/bin/env bash
# The client's figures in headless Chromium on a large portfolio: what a first visit downloads
# (gzip), the first sync of N invoices (server time, the tablet's decode + apply rate, then the
# dashboard's figures and the worklist built again over frames), starts with the rows cached (in
# a new browser and in a running one, in two set-ups: see client_bench.mjs), the accounts list's
# frame time, sort and filter time.
#   tests/bench/client_bench.sh [INVOICES]   (default 100000; needs the app with its test hooks,
#   which the bench reads: ENCAISSE_APP, else build/wasm/app-test; the app tablets download, whose
#   size it weighs: ENCAISSE_SHIPPED_APP, else build/wasm/app; the server: ENCAISSE_BIN, else
#   build/native/bin/encaisse)
# Prints a table and writes build/bench/data/bench_client.json. CPU_PROFILE=1 also prints where
# the page's time went during the first sync; CPU_PROFILE=start, during a start.
set -euo pipefail
cd "$(dirname "$0")/../.."
INVOICES=${1:-100000}
BIN=${ENCAISSE_BIN:-$PWD/build/native/bin/encaisse}
APP=${ENCAISSE_APP:-$PWD/build/wasm/app-test}
SHIPPED=${ENCAISSE_SHIPPED_APP:-$PWD/build/wasm/app}
OUT=$PWD/build/bench/data
mkdir -p "$OUT"
source tests/support/server.sh
DB=$OUT/client_${INVOICES}.db   # cached by size: the demo generation is not what is measured
if [ ! -f "$DB" ]; then
  "$BIN" demo --db "$DB" --customers $((INVOICES / 50)) --invoices "$INVOICES" --seed 7 --today 2026-11-24 >/dev/null
fi
cp "$DB" "$WORK/bench.db"
PORT=$(free_port)
start_server "$WORK/server.log" "$BIN" serve --db "$WORK/bench.db" --port "$PORT" --today 2026-11-24 --app "$APP" \
  --dunning-interval 3600 || exit 1
# What a first visit of the shipped app downloads, compressed as the server sends it (the wasm
# pre-compressed), and the service worker it registers.
FIRST_LOAD=0
for f in index.html app.css boot.js app.js manifest.webmanifest icon.svg sw.js; do
  FIRST_LOAD=$((FIRST_LOAD + $(gzip -9 -c "$SHIPPED/$f" | wc -c)))
done
FIRST_LOAD=$((FIRST_LOAD + $(stat -c %s "$SHIPPED/app.wasm.gz")))
NODE_PATH=$PWD/node_modules node tests/bench/client_bench.mjs "http://127.0.0.1:$PORT" "$WORK/profile" "$FIRST_LOAD" "$INVOICES" "$OUT/bench_client.json"
