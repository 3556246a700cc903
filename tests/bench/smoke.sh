#!/usr/bin/env bash
# A tiny run of the benchmarks so that they cannot rot: they must run and print their tables.
# The figures themselves are not judged here (tests/bench/run does that on full data); the
# table that merges them (table.py) is.
# Usage: smoke.sh PATH/TO/bench_core (bench_import, bench_dunning, bench_portal, bench_sync and encaisse from
# the same folder).
set -u
BIN=$1
IMPORT_BIN=$(dirname "$BIN")/bench_import
DUNNING_BIN=$(dirname "$BIN")/bench_dunning
PORTAL_BIN=$(dirname "$BIN")/bench_portal
SYNC_BIN=$(dirname "$BIN")/bench_sync
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$BIN" "$DIR" --invoices 20000 >"$DIR/out" 2>&1
rc=$?
cat "$DIR/out"
if [ $rc -eq 0 ] || [ $rc -eq 2 ]; then echo "ok 1 - bench_core runs"; else echo "not ok 1 - bench_core runs (exit $rc)"; fi
if grep -q "balance + aging + penalties" "$DIR/out" && grep -q "worklist (ranked" "$DIR/out" && grep -q "cash forecast, 13 weeks" "$DIR/out"; then
  echo "ok 2 - prints the table"
else
  echo "not ok 2 - prints the table"
fi
if grep -q '"figures"' "$DIR/bench_core.json"; then echo "ok 3 - writes JSON"; else echo "not ok 3 - writes JSON"; fi
mkdir -p "$DIR/import"
"$IMPORT_BIN" "$DIR/import" --invoices 5000 >"$DIR/import_out" 2>&1
rc=$?
cat "$DIR/import_out"
if [ $rc -eq 0 ] || [ $rc -eq 2 ]; then echo "ok 4 - bench_import runs"; else echo "not ok 4 - bench_import runs (exit $rc)"; fi
if grep -q "import 5000 invoices (new store)" "$DIR/import_out" && grep -q "bare SQLite inserts" "$DIR/import_out"; then
  echo "ok 5 - bench_import prints the table"
else
  echo "not ok 5 - bench_import prints the table"
fi
if grep -q '"figures"' "$DIR/import/bench_import.json"; then echo "ok 6 - bench_import writes JSON"; else echo "not ok 6 - bench_import writes JSON"; fi
mkdir -p "$DIR/dunning"
"$DUNNING_BIN" "$DIR/dunning" --invoices 5000 --emails 50 >"$DIR/dunning_out" 2>&1
rc=$?
cat "$DIR/dunning_out"
if [ $rc -eq 0 ] || [ $rc -eq 2 ]; then echo "ok 7 - bench_dunning runs"; else echo "not ok 7 - bench_dunning runs (exit $rc)"; fi
if grep -q "decide the day's reminders, 5000 invoices" "$DIR/dunning_out" && grep -q "SMTP hand-off" "$DIR/dunning_out"; then
  echo "ok 8 - bench_dunning prints the table"
else
  echo "not ok 8 - bench_dunning prints the table"
fi
mkdir -p "$DIR/portal"
"$PORTAL_BIN" "$DIR/portal" "$(dirname "$BIN")/encaisse" --seconds 1 --customers 100 --api-customers 300 >"$DIR/portal_out" 2>&1
rc=$?
cat "$DIR/portal_out"
if [ $rc -eq 0 ] || [ $rc -eq 2 ]; then echo "ok 9 - bench_portal runs"; else echo "not ok 9 - bench_portal runs (exit $rc)"; fi
if grep -q "portal page, 50 open invoices" "$DIR/portal_out" && grep -q "new visitor with 64 idle" "$DIR/portal_out" &&
   grep -q "API customer list page, 300 customers, by balance" "$DIR/portal_out"; then
  echo "ok 10 - bench_portal prints the table"
else
  echo "not ok 10 - bench_portal prints the table"
fi
mkdir -p "$DIR/sync"
"$SYNC_BIN" "$DIR/sync" --invoices 5000 >"$DIR/sync_out" 2>&1
rc=$?
cat "$DIR/sync_out"
if [ $rc -eq 0 ] || [ $rc -eq 2 ]; then echo "ok 11 - bench_sync runs"; else echo "not ok 11 - bench_sync runs (exit $rc)"; fi
if grep -q "first sync, 5000 invoices, server" "$DIR/sync_out" && grep -q "first screen: every account's balance" "$DIR/sync_out" &&
   grep -q '"figures"' "$DIR/sync/bench_sync.json"; then
  echo "ok 12 - bench_sync prints the table and writes JSON"
else
  echo "not ok 12 - bench_sync prints the table and writes JSON"
fi
TABLE=$(dirname "$0")/table.py
python3 "$TABLE" "$DIR/bench.json" "$DIR/bench_core.json" "$DIR/import/bench_import.json" "$DIR/dunning/bench_dunning.json" \
  "$DIR/portal/bench_portal.json" "$DIR/sync/bench_sync.json" >"$DIR/table_out" 2>&1
rc=$?
cat "$DIR/table_out"
if { [ $rc -eq 0 ] || [ $rc -eq 2 ]; } && grep -q "^core .*balance + aging + penalties" "$DIR/table_out" &&
   grep -q "^sync .*first sync, 5000 invoices, server" "$DIR/table_out" && grep -q '"benchmark": "portal"' "$DIR/bench.json"; then
  echo "ok 13 - one table and one JSON from every benchmark's figures"
else
  echo "not ok 13 - one table and one JSON from every benchmark's figures (exit $rc)"
fi
