#!/usr/bin/env bash
# A tiny run of the core benchmark so that it cannot rot: it must run and print its table.
# The figures themselves are not judged here (tests/bench/run does that on full data).
set -u
BIN=$1
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$BIN" "$DIR" --invoices 20000 >"$DIR/out" 2>&1
rc=$?
cat "$DIR/out"
if [ $rc -eq 0 ] || [ $rc -eq 2 ]; then echo "ok 1 - bench_core runs"; else echo "not ok 1 - bench_core runs (exit $rc)"; fi
if grep -q "balance + aging + penalties" "$DIR/out"; then echo "ok 2 - prints the table"; else echo "not ok 2 - prints the table"; fi
if grep -q '"figures"' "$DIR/bench_core.json"; then echo "ok 3 - writes JSON"; else echo "not ok 3 - writes JSON"; fi
