#!/usr/bin/env bash
# A step printing 1 GB over ssh: the runner's peak RSS (from the journal's run-end record,
# getrusage) stays small and the log holds every byte. Baseline in the same run: the peak RSS of
# `ssh … | cat > file` moving the same bytes (GNU time is not needed: python's resource module).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-1024}
swift build -c release --static-swift-stdlib --product runbook 2>&1 | tail -1
bin=$PWD/.build/release/runbook
work=$(mktemp -d /tmp/rbbig.XXXX); hosts="$work/hosts"
trap 'scripts/test-hosts.sh stop "$hosts" >/dev/null 2>&1; rm -rf "$work"' EXIT
scripts/test-hosts.sh start "$hosts" 1 60 --names 10.9.9.9 >/dev/null
printf '# Big\n\nOn 10.9.9.9:\n\n```bash\nhead -c %dM /dev/zero | tr "\\\\0" x\n```\n' "$SIZE_MB" > "$work/big.md"
start=$(date +%s)
(cd "$work" && "$bin" run big.md -i "$hosts/inventory.yaml" --yes >/dev/null)
seconds=$(( $(date +%s) - start ))
journal=$(ls "$work"/logs/*/journal.jsonl)
rss_kb=$(python3 -c "import json,sys; print([json.loads(l) for l in open('$journal')][-1]['max_rss_kb'])")
log=$(ls "$work"/logs/*/out/*.log)
log_bytes=$(stat -c %s "$log")
payload=$((SIZE_MB * 1024 * 1024))
base_kb=$(python3 - "$hosts" <<'PY'
import re, resource, subprocess, sys
hosts = sys.argv[1]
inv = open(hosts + "/inventory.yaml").read()
dest = re.search(r'ssh: "root@([0-9.]+):([0-9]+)"', inv)
cmd = ["ssh", "-i", hosts + "/id_ed25519", "-o", "UserKnownHostsFile=" + hosts + "/known_hosts", "-o", "BatchMode=yes",
       "-p", dest.group(2), "root@" + dest.group(1), "true"]
subprocess.run(cmd, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
printf 'payload %d MB over ssh in %ds; log file %d bytes (payload %d + runner headers %d)\n' "$SIZE_MB" "$seconds" "$log_bytes" "$payload" "$((log_bytes - payload))"
printf 'runner peak RSS: %d KB (%.1f MB; limit 64 MB)  vs one ssh client: %d KB  (ratio %.1fx)\n' "$rss_kb" "$(python3 -c "print($rss_kb/1024)")" "$base_kb" "$(python3 -c "print($rss_kb/max($base_kb,1))")"
