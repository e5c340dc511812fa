#!/usr/bin/env bash
# Renders a `runbook report --html` file to a PNG with headless Chromium, to look at the executed
# document as a reviewer would.
#
#   bench/report-screenshot.sh REPORT.html [OUT.png]
#   bench/report-screenshot.sh RUN_ID [OUT.png]      # writes the run's report first (LOG_DIR=logs)
#
# SIZE=1100,3000 sets the window (the screenshot is the window, not the whole page).
# Chromium is kept off the network: every host name resolves to nothing and any proxied request
# goes to a closed loopback port; the report itself is self-contained (no external assets).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 REPORT.html|RUN_ID [OUT.png]" >&2; exit 2; }
src=$1
out=${2:-${src%.html}.png}
size=${SIZE:-1100,3000}
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chromium" ] || { echo "report-screenshot: chromium is not installed (apt-get install chromium)" >&2; exit 2; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if [[ $src != *.html ]]; then
    root=$(cd "$(dirname "$0")/.." && pwd)
    runbook=${RUNBOOK:-$root/.build/debug/runbook}
    [ -x "$runbook" ] || { echo "report-screenshot: $runbook not built (swift build)" >&2; exit 2; }
    "$runbook" report "$src" --log-dir "${LOG_DIR:-logs}" --html "$work/report.html" >/dev/null
    [ $# -ge 2 ] || out=report-$src.png
    src=$work/report.html
fi
[ -f "$src" ] || { echo "report-screenshot: no file $src" >&2; exit 2; }
case $out in /*) ;; *) out=$PWD/$out ;; esac

"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --disable-background-networking --disable-component-update --no-first-run --disable-sync \
    --host-resolver-rules='MAP * ~NOTFOUND' --proxy-server=127.0.0.1:9 \
    --user-data-dir="$work/profile" --window-size="$size" \
    --screenshot="$out" "file://$(realpath "$src")" 2>"$work/chromium.log" || {
        cat "$work/chromium.log" >&2; exit 1; }
[ -s "$out" ] || { echo "report-screenshot: chromium wrote no screenshot" >&2; cat "$work/chromium.log" >&2; exit 1; }
echo "wrote $out"
