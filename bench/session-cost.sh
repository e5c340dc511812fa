#!/usr/bin/env bash
# What per-host sessions cost (issue #11): every shell command a step runs on a host carries the
# session prelude (restore cwd, umask, variables; record them at exit to a file on the host), and
# the runner reads the record back with one more short command over the same ControlMaster. A step
# annotated `session=fresh` skips both: that is the shape before sessions.
#
# In one run, on HOSTS loopback sshd test hosts (scripts/test-hosts.sh), STEPS one-line bash steps,
# each on every host:
#   floor    the same STEPS×HOSTS commands over warm OpenSSH ControlMasters, the HOSTS commands of
#            a step in parallel, then wait: the least any ssh-based runner can take;
#   floor2   the same, plus one more short command per (step, host) after the first: the least the
#            read-back's extra round trip can cost;
#   fresh    `runbook run` of the guide whose every step is annotated `session=fresh`;
#   session  `runbook run` of the same guide without the annotation (sessions on).
# Each is the median of RUNS runs, the four taken in turn (a machine getting slower or faster during
# the run weighs on all). (session − fresh)/STEPS is what sessions add per step.
# runbook's times include what the floors leave out: starting its own HOSTS masters (measured apart
# below), parsing the guide, the journal.
#
# LOGIN (default dcos, the simulated hosts' user) logs in as that user, whose home on each host is
# the host's own empty DIR/hN/root/home/dcos: the cost of sessions themselves. LOGIN=root logs in
# as the inventory's own user, whose home is the machine's /root: sshd runs every command as
# `bash -c …`, which reads ~/.bashrc then, so every command (the read-back too) also pays for that
# file; on a machine whose .bashrc runs `pyenv init` that is most of the time measured.
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-20}
HOSTS=${HOSTS:-10}
RUNS=${RUNS:-3}
FIRST_OCTET=${FIRST_OCTET:-150}   # 127.0.0.150…: clear of the addresses the tests use
LOGIN=${LOGIN:-dcos}
swift build -c release --static-swift-stdlib --product runbook 2>&1 | tail -1
bin=$PWD/.build/release/runbook
die() { echo "session-cost: $*" >&2; exit 1; }
id "$LOGIN" >/dev/null 2>&1 || die "no user $LOGIN on this machine (LOGIN=root uses the inventory's own user)"

# Short paths: ControlMaster sockets must fit in ~100 bytes. The hosts' folder is a folder of its
# own under /tmp (test-hosts makes it 0755) so that a non-root LOGIN can reach authorized_keys.
work=$(mktemp -d /tmp/rbsc.XXXX)
hosts=$(mktemp -d /tmp/rbsc-hosts.XXXX)
ctl=$work/ctl; mkdir -m 0700 "$ctl"
declare -a addr=() port=() ssh_base=()
cleanup() {
  local h
  for h in "${!addr[@]}"; do   # the floor's masters (the runner closes its own)
    ssh "${ssh_base[@]}" -p "${port[h]}" -O exit "$LOGIN@${addr[h]}" >/dev/null 2>&1 || true
  done
  scripts/test-hosts.sh stop "$hosts" >/dev/null 2>&1 || true
  rm -rf "$work" "$hosts"
}
trap cleanup EXIT
scripts/test-hosts.sh start "$hosts" "$HOSTS" "$FIRST_OCTET" >/dev/null

# The hosts and ssh options, read from the inventory test-hosts wrote (the runner reads the same).
while read -r name a p; do
  [[ "$a" =~ ^127\.0\.0\.[0-9]+$ ]] || die "$name is at $a, not a 127.0.0.x address"
  addr[${name#h}]=$a; port[${name#h}]=$p
done < <(sed -n 's/^  "\(h[0-9]*\)": { ssh: "[^@"]*@\([0-9.]*\):\([0-9]*\)" }$/\1 \2 \3/p' "$hosts/inventory.yaml")
[ "${#addr[@]}" -eq "$HOSTS" ] || die "the inventory lists ${#addr[@]} hosts, not $HOSTS"
mapfile -t inventory_options < <(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    if line.strip().startswith("ssh_options:"):
        print("\n".join(json.loads(line.split(":", 1)[1])))' "$hosts/inventory.yaml")
# The options the runner adds that matter here: never prompt, and the one socket per host.
ssh_base=("${inventory_options[@]}" -o BatchMode=yes -o "ControlPath=$ctl/%C")

inventory=$hosts/inventory.yaml
if [ "$LOGIN" != root ]; then
  # Same hosts, another user; its home on each host must be its own to hold the session records.
  inventory=$work/inventory.yaml
  sed -e "s/^  user: root$/  user: $LOGIN/" -e "s/ssh: \"root@/ssh: \"$LOGIN@/" "$hosts/inventory.yaml" > "$inventory"
  for h in $(seq "$HOSTS"); do chown "$LOGIN:" "$hosts/h$h/root/home/dcos"; done
fi

# The two guides: the same STEPS one-line steps, each on every host; `fresh` adds session=fresh.
all_hosts=$(seq -f 'h%g' -s, "$HOSTS")
step_text() { printf 'echo "step %d on $RUNBOOK_TEST_HOST"' "$1"; }
guide() {  # extra annotation words → a guide on stdout
  echo "# Session cost"
  for i in $(seq "$STEPS"); do
    printf '\n## %d. Step %d\n\n<!-- runbook: hosts=%s%s -->\n```bash\n%s\n```\n' "$i" "$i" "$all_hosts" "$1" "$(step_text "$i")"
  done
}
guide "" > "$work/session.md"
guide " session=fresh" > "$work/fresh.md"

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }

# Warm masters for the floors, started in parallel (runbook starts its own, likewise, every run).
t0=$(ms_now); pids=()
for h in $(seq "$HOSTS"); do
  ssh "${ssh_base[@]}" -p "${port[h]}" -o ControlMaster=yes -o ControlPersist=600 -N -f "$LOGIN@${addr[h]}" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || die "a ControlMaster did not start"; done
masters_ms=$(( $(ms_now) - t0 ))

# One pass of the floor: each step's commands on all hosts at once, the step's text on stdin to
# `bash -euo pipefail -s` as the runner sends it (without its prelude and start marker). With
# $1 = 2, each pair then runs a second short command, as the runner's read-back does.
floor() {
  local commands=$1 i h pid pids
  for i in $(seq "$STEPS"); do
    pids=()
    for h in $(seq "$HOSTS"); do
      {
        ssh "${ssh_base[@]}" -p "${port[h]}" -o ControlMaster=no -T "$LOGIN@${addr[h]}" 'bash -euo pipefail -s' <<< "$(step_text "$i")"
        if [ "$commands" = 2 ]; then ssh "${ssh_base[@]}" -p "${port[h]}" -o ControlMaster=no -T "$LOGIN@${addr[h]}" 'exec sh -s' <<< 'true'; fi
      } >/dev/null 2>>"$work/floor.err" & pids+=($!)   # stderr: root's .bashrc may chatter
    done
    for pid in "${pids[@]}"; do wait "$pid" || die "a floor command failed on a host: $(tail -3 "$work/floor.err")"; done
  done
}

# One runbook run into a log folder of its own; checks it ran every pair, ok, and in the intended
# shape: a fresh step's start record holds no session state; a session step's does, and from the
# second step on it holds the cwd the host recorded (so the record was written and read back).
run_guide() {  # kind (session|fresh), run number
  local logs=$work/logs/$1-$2
  "$bin" run "$work/$1.md" -i "$inventory" --yes --forks "$HOSTS" --log-dir "$logs" >/dev/null 2>&1 \
    || die "runbook run $1.md failed (rerun it by hand to see why)"
  python3 - "$1" "$((STEPS * HOSTS))" "$logs"/*/journal.jsonl <<'PY' || die "run $1 #$2 did not go as intended"
import json, sys
kind, pairs, journal = sys.argv[1], int(sys.argv[2]), sys.argv[3]
records = [json.loads(line) for line in open(journal)]
end = records[-1]
assert end["event"] == "run-end" and end["result"] == "ok" and end["pairs"] == pairs, end
starts = [r for r in records if r["event"] == "step-start"]
assert len(starts) == pairs and all((r.get("state") is None) == (kind == "fresh") for r in starts), kind
assert kind == "fresh" or all(r["state"]["cwd"] for r in starts if r["step"] != starts[0]["step"]), "no session read back"
PY
}

timed() {  # command… → its wall time in ms
  local t0; t0=$(ms_now); "$@"; echo $(( $(ms_now) - t0 ))
}
median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }

floor_times=() floor2_times=() fresh_times=() session_times=()
for r in $(seq "$RUNS"); do
  t=$(timed floor 1);              floor_times+=("$t")
  t=$(timed run_guide fresh "$r");   fresh_times+=("$t")
  t=$(timed floor 2);              floor2_times+=("$t")
  t=$(timed run_guide session "$r"); session_times+=("$t")
done
floor_ms=$(printf '%s\n' "${floor_times[@]}" | median)
floor2_ms=$(printf '%s\n' "${floor2_times[@]}" | median)
fresh_ms=$(printf '%s\n' "${fresh_times[@]}" | median)
session_ms=$(printf '%s\n' "${session_times[@]}" | median)

ratio() { python3 -c "print(f'{$1/max($2,1):.2f}x')"; }
printf '%d steps x %d hosts = %d (step, host) pairs, login %s, median of %d runs (all runs in brackets)\n' \
  "$STEPS" "$HOSTS" "$((STEPS * HOSTS))" "$LOGIN" "$RUNS"
printf '%d ControlMasters started in parallel:        %6d ms  (runbook pays this in each run; the floors do not)\n' "$HOSTS" "$masters_ms"
printf 'floor: raw ssh, warm masters, 1 cmd per pair:  %6d ms  [%s]\n' "$floor_ms" "${floor_times[*]}"
printf 'floor2: raw ssh, 2 cmds per pair:              %6d ms  [%s]  (%s floor)\n' "$floor2_ms" "${floor2_times[*]}" "$(ratio "$floor2_ms" "$floor_ms")"
printf 'runbook, every step session=fresh:            %6d ms  [%s]  (%s floor)\n' "$fresh_ms" "${fresh_times[*]}" "$(ratio "$fresh_ms" "$floor_ms")"
printf 'runbook, sessions:                            %6d ms  [%s]  (%s floor)\n' "$session_ms" "${session_times[*]}" "$(ratio "$session_ms" "$floor_ms")"
python3 -c "print(f'sessions add per step: (session - fresh)/$STEPS = {($session_ms-$fresh_ms)/$STEPS:.1f} ms;' \
  f' a second command per pair adds at least (floor2 - floor)/$STEPS = {($floor2_ms-$floor_ms)/$STEPS:.1f} ms')"
