#!/usr/bin/env bash
# The demo (make demo): our first user's guide, runbooks/milvus.md, reviewed and then run for real
# on a simulated cluster on loopback (14 sshd hosts, a stub docker, milvus-lite). Nothing leaves
# 127.0.0.x: every guide address is bound by the inventory to a loopback host.
#   1. runbook plan runbooks/milvus.md      — the review, with the guide's two defects (exit 3)
#   2. runbook run runbooks/milvus.corrected.md -i …  — every step verified, end to end
#   3. runbook show                          — the step × host matrix of that run
#   4. runbook report --html logs/milvus-report.html
# Idempotent and self-cleaning: the cluster is stopped on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
sim=${RUNBOOK_DEMO_DIR:-/tmp/runbook-demo}
bin=.build/debug/runbook
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "build"
swift build --product runbook 2>&1 | tail -1

scripts/milvus-sim/cluster.sh stop "$sim" 2>/dev/null || true
trap 'scripts/milvus-sim/cluster.sh stop "$sim"' EXIT
step "start the simulated cluster (first time: a virtualenv with milvus-lite, ~30 s)"
inventory=$(scripts/milvus-sim/cluster.sh start "$sim")
echo "inventory: $inventory"

step "runbook plan runbooks/milvus.md   (the review; exit 3 because of the error at line 233)"
set +e; $bin plan runbooks/milvus.md; status=$?; set -e
[ "$status" -eq 3 ] || { echo "demo: expected exit 3 from the plan of milvus.md, got $status" >&2; exit 1; }

step "diff runbooks/milvus.md runbooks/milvus.corrected.md   (only the two defects, and one annotation)"
diff runbooks/milvus.md runbooks/milvus.corrected.md || true

step "runbook run runbooks/milvus.corrected.md -i $inventory --yes"
# The guide's Python check needs pymilvus: the virtualenv's python3 comes first on PATH.
PATH="$sim/milvus-lite/venv/bin:$PATH" $bin run runbooks/milvus.corrected.md -i "$inventory" --yes

step "runbook show   (the run just made)"
$bin show

step "runbook report --html logs/milvus-report.html"
$bin report --html logs/milvus-report.html
if command -v chromium >/dev/null; then
    bench/report-screenshot.sh logs/milvus-report.html logs/milvus-report.png >/dev/null 2>&1 \
        && echo "screenshot of the report: logs/milvus-report.png" || echo "(no screenshot: chromium failed)"
fi
run=$(ls -d logs/*/ | sort | tail -1)
echo "Python client check, as recorded in ${run}out/3.3_1@local.log:"
grep -v -e Deprecation -e '^ *warnings.warn' -e '^ *[a-z_]* = ' "${run}out/3.3_1@local.log" | grep -v '^──' | head -3
