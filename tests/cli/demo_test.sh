#!/usr/bin/env bash
# Command-line checks of `encaisse demo`: exit codes, determinism, refusal to overwrite.
# Prints "ok N - what" / "not ok N - what" lines. Usage: demo_test.sh PATH/TO/encaisse
set -u
BIN=$1
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
n=0
check() {  # check "what" command...
  local what=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; fi
}
rows() { sqlite3 "$1" "SELECT (SELECT count(*) FROM customers) || '/' || (SELECT count(*) FROM invoices)"; }
digest() { sqlite3 "$1" "SELECT group_concat(number || amount_minor || open_minor || due_date, ',') FROM (SELECT * FROM invoices ORDER BY id)" | md5sum; }

"$BIN" demo --db "$DIR/a.db" --customers 50 --invoices 600 --seed 9 --today 2026-11-24 >"$DIR/out" 2>&1
check "demo exits 0" test $? -eq 0
check "demo writes 50 customers and 600 invoices" test "$(rows "$DIR/a.db")" = "50/600"
"$BIN" demo --db "$DIR/b.db" --customers 50 --invoices 600 --seed 9 --today 2026-11-24 >/dev/null 2>&1
check "same seed, same invoices" test "$(digest "$DIR/a.db")" = "$(digest "$DIR/b.db")"
"$BIN" demo --db "$DIR/c.db" --customers 50 --invoices 600 --seed 10 --today 2026-11-24 >/dev/null 2>&1
check "another seed, other invoices" test "$(digest "$DIR/a.db")" != "$(digest "$DIR/c.db")"
check "the database is in WAL mode" test "$(sqlite3 "$DIR/a.db" 'PRAGMA journal_mode')" = "wal"
check "no foreign key violation" test -z "$(sqlite3 "$DIR/a.db" 'PRAGMA foreign_key_check')"
check "demo users exist (admin, manager, collector, 5 reps)" test "$(sqlite3 "$DIR/a.db" 'SELECT count(*) FROM users WHERE is_demo = 1')" = "8"
check "every customer has a rep" test "$(sqlite3 "$DIR/a.db" 'SELECT count(*) FROM customers WHERE rep_id IS NULL')" = "0"

"$BIN" demo --db "$DIR/a.db" --customers 5 --invoices 5 --today 2026-11-24 >"$DIR/err" 2>&1
rc=$?
check "a second demo into the same file is refused with exit 2" test $rc -eq 2
check "the refusal says why" grep -q "already has customers" "$DIR/err"
check "and changes nothing" test "$(rows "$DIR/a.db")" = "50/600"

"$BIN" demo --db "$DIR/d.db" --today 2026-02-30 >"$DIR/err" 2>&1
rc=$?
check "an impossible --today is bad input (exit 2)" test $rc -eq 2
check "the message names the option" grep -q -- "--today" "$DIR/err"
"$BIN" demo --customers 5 >"$DIR/err" 2>&1
check "a missing --db is a usage error (exit 1)" test $? -eq 1
"$BIN" frobnicate >"$DIR/err" 2>&1
check "an unknown command is a usage error (exit 1)" test $? -eq 1
"$BIN" --version >"$DIR/out" 2>&1
check "--version prints a version" grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+' "$DIR/out"
