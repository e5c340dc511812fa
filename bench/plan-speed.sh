#!/usr/bin/env bash
# How long `runbook plan --json` takes on a ~10 MB guide with ~20k blocks, as a ratio to the `cmark`
# command-line tool (libcmark's own parser + HTML renderer) on the same file, measured in the same run.
# Target: at most 2x. Prints the median of RUNS runs of each, the two taken in turn.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
BLOCKS=${BLOCKS:-20000}
swift build -c release --static-swift-stdlib --product runbook 2>&1 | tail -1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 bench/gen-guide.py "$work/big.md" "$BLOCKS"
size=$(stat -c %s "$work/big.md")

ms() {  # command… → wall time of one run in ms (output discarded)
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }

# Alternate the two commands, so that a machine getting faster or slower during the run weighs on both.
cmark_times=() plan_times=()
for _ in $(seq "$RUNS"); do
  cmark_times+=("$(ms cmark "$work/big.md")")
  plan_times+=("$(ms .build/release/runbook plan --json "$work/big.md")")
done
cmark_ms=$(printf '%s\n' "${cmark_times[@]}" | median)
plan_ms=$(printf '%s\n' "${plan_times[@]}" | median)
steps=$(.build/release/runbook plan --json "$work/big.md" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["steps"]))' || true)
python3 -c "print(f'guide: {$size/1048576:.1f} MB, $BLOCKS blocks ($steps steps)')"
printf 'cmark (baseline):     %6d ms\n' "$cmark_ms"
printf 'runbook plan --json:  %6d ms\n' "$plan_ms"
python3 -c "print(f'ratio: {$plan_ms/max($cmark_ms,1):.2f}x cmark (target <= 2x)')"
