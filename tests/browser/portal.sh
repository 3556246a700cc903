#!/usr/bin/env bash
# The debtor portal in a real browser (headless Chromium through playwright-core): a demo
# database, the day's reminder run writing its SMS to a file, the server, then
# tests/browser/portal.mjs opens a personal link taken from an SMS, pays two invoices
# through the sandbox gateway, asks for a plan a manager approves, and looks at the pages on
# a phone. Prints "ok ..." / "not ok ..." lines; screenshots in $ENCAISSE_ARTIFACTS
# (default build/test-logs/screenshots).
#   tests/browser/portal.sh build/native/bin/encaisse
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${1:-build/native/bin/encaisse}")
ARTIFACTS=${ENCAISSE_ARTIFACTS:-$PWD/build/test-logs/screenshots}
mkdir -p "$ARTIFACTS"
source tests/support/server.sh

DB=$WORK/portal.db
"$BIN" demo --db "$DB" --customers 60 --invoices 800 --seed 7 --today 2026-11-24 >/dev/null || { echo "not ok 1 - demo database"; exit 1; }
# A free port, then the personal links pointing at it, as a company sets its portal address.
PORT=$(free_port)
sqlite3 "$DB" "UPDATE settings SET value = json_set(value, '$.portal_url', 'http://127.0.0.1:$PORT') WHERE key = 'company'" || { echo "not ok 1 - portal address"; exit 1; }
"$BIN" dunning run --db "$DB" --date 2026-11-24 --sms-file "$WORK/sms.jsonl" >/dev/null || { echo "not ok 1 - dunning run"; exit 1; }
start_server "$WORK/server.log" "$BIN" serve --db "$DB" --port "$PORT" --today 2026-11-24 --web web --dunning-interval 3600 \
  --fonts-dir .cache/third_party/fonts/print || { echo "not ok 1 - the server starts"; exit 1; }

NODE_PATH=$PWD/node_modules node tests/browser/portal.mjs "http://127.0.0.1:$PORT" "$WORK/sms.jsonl" "$ARTIFACTS"
rc=$?
if grep -q "/p/[A-Za-z0-9_-]\{20,\}" "$WORK/server.log"; then echo "not ok - a personal link reached the server log"; rc=1; fi
exit $rc
