#!/usr/bin/env bash
# The offline client in a real browser (headless Chromium through playwright-core): a demo
# database, the day's reminder run (its SMS carry the debtors' portal links), the server with
# the built client under /app/, then tests/browser/client.mjs: a rep signs in, syncs, goes
# offline, keeps working across a reload and a browser restart, syncs the actions once; a
# manager approves a plan a debtor asked for on the portal, from the tablet; then the back office
# (tests/browser/backoffice.mjs): a collector works calls, a payment, a dispute; an admin sets
# the SMTP server and sends a test through a real one (aiosmtpd); last, a new build reaches a
# tablet that starts from its service worker's cache (tests/browser/app_update.mjs), and the build
# tablets download, without the test hooks, starts (tests/browser/shipped_app.mjs). Prints
# "ok ..." / "not ok ..." lines; screenshots in $ENCAISSE_ARTIFACTS (default
# build/test-logs/screenshots).
#   tests/browser/client.sh build/native/bin/encaisse build/wasm/app-test build/wasm/app
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${1:-build/native/bin/encaisse}")
APP=$(realpath "${2:-build/wasm/app-test}")        # the tests' build (window.encaisseTest)
SHIPPED=$(realpath "${3:-build/wasm/app}")         # what tablets download
ARTIFACTS=${ENCAISSE_ARTIFACTS:-$PWD/build/test-logs/screenshots}
mkdir -p "$ARTIFACTS"
source tests/support/server.sh

[ -f "$APP/app.wasm" ] && [ -f "$SHIPPED/app.wasm" ] || { echo "not ok 1 - the client is built ($APP, $SHIPPED)"; exit 1; }
DB=$WORK/client.db
"$BIN" demo --db "$DB" --customers 60 --invoices 800 --seed 7 --today 2026-11-24 >/dev/null || { echo "not ok 1 - demo database"; exit 1; }
PORT=$(free_port)
sqlite3 "$DB" "UPDATE settings SET value = json_set(value, '$.portal_url', 'http://127.0.0.1:$PORT') WHERE key = 'company'" || { echo "not ok 1 - portal address"; exit 1; }
"$BIN" dunning run --db "$DB" --date 2026-11-24 --sms-file "$WORK/sms.jsonl" >/dev/null || { echo "not ok 1 - dunning run"; exit 1; }
start_server "$WORK/server.log" "$BIN" serve --db "$DB" --port "$PORT" --today 2026-11-24 --web web --app "$APP" \
  --dunning-interval 3600 || { echo "not ok 1 - the server starts"; exit 1; }

NODE_PATH=$PWD/node_modules node tests/browser/client.mjs "http://127.0.0.1:$PORT" "$WORK/sms.jsonl" "$ARTIFACTS" "$WORK/profile"
RC=$?
# The back office at a desk: a collector's calls, a payment allocated by hand, a dispute; the
# admin's test email goes to a real SMTP server.
SMTP_PORT=$(free_port)
start_smtp_sink "$SMTP_PORT" "$WORK/mail" || { echo "not ok - the SMTP sink starts"; exit 1; }
NODE_PATH=$PWD/node_modules node tests/browser/backoffice.mjs "http://127.0.0.1:$PORT" "$ARTIFACTS" "$SMTP_PORT" "$WORK/mail" || RC=1
# A deploy reaches a tablet that starts from its service worker's cache: the server now serves a
# copy of the app, which the test changes as a new build would.
kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null
cp -r "$APP" "$WORK/app"
PORT=$(free_port)
start_server "$WORK/server2.log" "$BIN" serve --db "$DB" --port "$PORT" --today 2026-11-24 --app "$WORK/app" \
  --dunning-interval 3600 || { echo "not ok - the server starts on the copy of the app"; exit 1; }
NODE_PATH=$PWD/node_modules node tests/browser/app_update.mjs "http://127.0.0.1:$PORT" "$WORK/app" "$WORK/profile-update" || RC=1
kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null
PORT=$(free_port)
start_server "$WORK/server3.log" "$BIN" serve --db "$DB" --port "$PORT" --today 2026-11-24 --app "$SHIPPED" \
  --dunning-interval 3600 || { echo "not ok - the server starts on the shipped app"; exit 1; }
NODE_PATH=$PWD/node_modules node tests/browser/shipped_app.mjs "http://127.0.0.1:$PORT" "$ARTIFACTS" "$WORK/profile-shipped" || RC=1
exit $RC
