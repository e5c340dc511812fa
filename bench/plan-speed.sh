#!/usr/bin/env bash
# How long `runbook plan --json` takes on two large guides of different shapes, as a ratio to the
# `cmark` command-line tool (libcmark's own parser + HTML renderer) on the same file, measured in
# the same run:
#   milvus-style  ~10 MB, ~20k blocks: numbered Chinese sections, host prose, comment segments,
#                 transcripts, yaml (bench/gen-guide.py)
#   sections      ~7 MB, ~20k sections: English prose, unlabelled fences, prompts, variables, file
#                 sentences, output labels, placeholders (bench/gen-sections.py)
# Target: at most 2x. Prints the median of RUNS runs of each, the commands taken in turn.
# BASELINE=/path/to/an/older/runbook adds that binary to the same runs (an A/B against it).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
BLOCKS=${BLOCKS:-20000}
SECTIONS=${SECTIONS:-20000}
BASELINE=${BASELINE:-}
swift build -c release --static-swift-stdlib --product runbook 2>&1 | tail -1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 bench/gen-guide.py "$work/milvus-style.md" "$BLOCKS"
python3 bench/gen-sections.py "$work/sections.md" "$SECTIONS"

ms() {  # command… → wall time of one run in ms (output discarded)
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }

echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times mean little above ~1)"
for shape in milvus-style sections; do
  guide="$work/$shape.md"
  # Alternate the commands, so that a machine getting faster or slower during the run weighs on all.
  cmark_times=() plan_times=() base_times=()
  for _ in $(seq "$RUNS"); do
    cmark_times+=("$(ms cmark "$guide")")
    plan_times+=("$(ms .build/release/runbook plan --json "$guide")")
    [ -z "$BASELINE" ] || base_times+=("$(ms "$BASELINE" plan --json "$guide")")
  done
  cmark_ms=$(printf '%s\n' "${cmark_times[@]}" | median)
  plan_ms=$(printf '%s\n' "${plan_times[@]}" | median)
  steps=$(.build/release/runbook plan --json "$guide" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["steps"]))' || true)
  python3 -c "print(f'\n$shape: {$(stat -c %s "$guide")/1048576:.1f} MB, $steps steps')"
  printf '  cmark (baseline):     %6d ms\n' "$cmark_ms"
  printf '  runbook plan --json:  %6d ms   %s\n' "$plan_ms" "$(python3 -c "print(f'{$plan_ms/max($cmark_ms,1):.2f}x cmark (target <= 2x)')")"
  if [ -n "$BASELINE" ]; then
    base_ms=$(printf '%s\n' "${base_times[@]}" | median)
    printf '  baseline plan --json: %6d ms   %s\n' "$base_ms" "$(python3 -c "print(f'{$base_ms/max($cmark_ms,1):.2f}x cmark; this build {$plan_ms/max($base_ms,1):.2f}x the baseline')")"
  fi
done
