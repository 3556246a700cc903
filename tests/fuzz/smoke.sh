#!/usr/bin/env bash
# Fuzz smoke for ci/test: every libFuzzer target for FUZZ_SECONDS (30) on a fresh copy of its
# seed corpus in build/fuzz-corpus/<name>, FUZZ_JOBS (the CPU count) targets at a time.
# Prints "ok <name>" / "not ok <name>" per target, and "# " lines: runs, exec/s, coverage, or
# the crash and the input kept in build/fuzz-artifacts/<name>/.
#   usage: tests/fuzz/smoke.sh build/asan/bin
set -uo pipefail
BIN=$(cd "${1:?usage: smoke.sh BIN_DIR}" && pwd)
cd "$(dirname "$0")/../.."
SECS=${FUZZ_SECONDS:-30}
JOBS=${FUZZ_JOBS:-$(nproc)}
LOGS=build/test-logs/fuzz
mkdir -p "$LOGS"

run() {
  local name=$1 corpus=build/fuzz-corpus/$1 artifacts=build/fuzz-artifacts/$1
  rm -rf "$corpus" "$artifacts" && mkdir -p "$corpus" "$artifacts"
  cp tests/fuzz/corpus/"$name"/* "$corpus"/
  # -entropic=0: clang 14's default entropic schedule runs csv_import and sync_push 3-15x slower.
  "$BIN/${name}_fuzz" -max_total_time="$SECS" -timeout=10 -entropic=0 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$LOGS/$name.log" 2>&1
  echo $? >"$LOGS/$name.rc"
}

names=()
for dir in tests/fuzz/corpus/*/; do
  name=$(basename "$dir"); names+=("$name")
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  run "$name" &
done
wait

failed=0
for name in "${names[@]}"; do
  log=$LOGS/$name.log
  if [ "$(cat "$LOGS/$name.rc" 2>/dev/null)" = 0 ]; then
    echo "ok $name"
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
    echo "# $name: $(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' <<<"$done_line"), $(grep -Eo 'exec/s: [0-9]+' <<<"$done_line")," \
      "$(grep -Eo 'number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+') runs"
  else
    echo "not ok $name"; failed=$((failed + 1))
    grep -E 'invariant broken|ERROR: |runtime error|deadly signal|Test unit written|No such file' "$log" | head -5 | sed "s/^/# $name: /"
    echo "# $name: log $log"
  fi
done
[ "$failed" -eq 0 ]
