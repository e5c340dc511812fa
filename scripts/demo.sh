#!/usr/bin/env bash
# The demo: review runbooks/milvus.md as a reviewer would. The plan exits 3 because the guide has
# a real error (line 233); the demo shows it and carries on.
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product runbook 2>&1 | tail -1
bin=.build/release/runbook
echo
echo "== runbook plan runbooks/milvus.md"
$bin plan runbooks/milvus.md; status=$?
echo "(exit $status: 3 = refused because of plan errors)"
[ "$status" -eq 3 ] || { echo "demo: expected exit 3 from the plan of milvus.md" >&2; exit 1; }
