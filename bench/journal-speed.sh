#!/usr/bin/env bash
# The journal's cost per (step, host), and `runbook log` over 1,000 runs.
#  1. A guide of STEPS local steps (`true`), run by `runbook run` (one fsynced journal record at
#     start and end of each pair, plus one per verification), against the same STEPS scripts run by
#     a plain bash loop (`bash -euo pipefail -s <<< true`), in the same run. The difference divided
#     by STEPS is runbook's cost per pair, journal included; the fsync share is measured apart by
#     appending and fsyncing the same number of records with python.
#  2. `runbook log` over 1,000 runs, against `head -qn1` of the same 1,000 journals (the least any
#     listing must read).
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-200}
swift build -c release --static-swift-stdlib --product runbook 2>&1 | tail -1
bin=$PWD/.build/release/runbook
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
{
  echo "# Many steps"
  for i in $(seq "$STEPS"); do printf '\n## %d. Step\n\n```bash\ntrue\n```\n' "$i"; done
} > "$work/many.md"
ms() { python3 -c 'import time; print(int(time.time()*1000))'; }

t0=$(ms); (cd "$work" && "$bin" run many.md --yes >/dev/null); t1=$(ms)
run_ms=$((t1 - t0))
t0=$(ms); for i in $(seq "$STEPS"); do bash -euo pipefail -s <<< true; done; t1=$(ms)
bash_ms=$((t1 - t0))
records=$(wc -l < "$(ls -d "$work"/logs/*/ | head -1)journal.jsonl")
fsync_ms=$(python3 - "$work/fsync.jsonl" "$records" <<'PY'
import os, sys, time
path, n = sys.argv[1], int(sys.argv[2])
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
line = b'{"seq":1,"time":"2026-11-29T07:00:00.000Z","event":"step-end","step":"1/1","host":"local","prev":"' + b"0" * 64 + b'"}\n'
t = time.time()
for _ in range(n):
    os.write(fd, line); os.fsync(fd)
print(int((time.time() - t) * 1000))
PY
)
printf 'run of %d local steps:   runbook %5d ms  vs bash loop %5d ms  (ratio %.2fx)\n' "$STEPS" "$run_ms" "$bash_ms" "$(python3 -c "print($run_ms/max($bash_ms,1))")"
printf 'cost per (step, host):   %.2f ms (journal: %d fsynced records, %d ms of fsync alone = %.2f ms per pair)\n' \
  "$(python3 -c "print(($run_ms-$bash_ms)/$STEPS)")" "$records" "$fsync_ms" "$(python3 -c "print($fsync_ms/$STEPS)")"

# 1,000 runs for `runbook log`: copies of the run above under fresh ids.
one=$(ls -d "$work"/logs/*/ | head -1)
mkdir -p "$work/many-logs"
for i in $(seq -w 1 1000); do
  d="$work/many-logs/20261129T0000${i: -2}Z-$i"; mkdir -p "$d"; cp "$one/journal.jsonl" "$d/"
done
t0=$(ms); "$bin" log --log-dir "$work/many-logs" >/dev/null; t1=$(ms); log_ms=$((t1 - t0))
t0=$(ms); head -qn1 "$work"/many-logs/*/journal.jsonl >/dev/null; t1=$(ms); head_ms=$((t1 - t0))
printf 'runbook log, 1000 runs:  %5d ms  vs head -qn1 of the journals %5d ms  (ratio %.2fx)\n' "$log_ms" "$head_ms" "$(python3 -c "print($log_ms/max($head_ms,1))")"
