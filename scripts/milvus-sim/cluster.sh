#!/usr/bin/env bash
# The simulated Milvus cluster of runbooks/milvus.md, on loopback only (SPEC section 11):
#   scripts/milvus-sim/cluster.sh start DIR   — 14 sshd hosts on 127.0.0.100…113 named by the
#       guide's addresses (the 11 of its tables and the managers 29.16.21.80–82), each with its
#       own /mnt/data and /home/dcos, the stub docker first on PATH, user dcos; milvus-lite on
#       127.0.0.1:19530 for the Python check; DIR/milvus.hosts.yaml binds every guide host, the
#       containers its prompts name (rootcoord … data1) and rewrites 29.16.21.80 to 127.0.0.1.
#   scripts/milvus-sim/cluster.sh start DIR --without-milvus-lite   — the hosts only (no venv, no
#       server on 19530: for tests that need the hosts and the stub docker, not the Python check)
#   scripts/milvus-sim/cluster.sh stop DIR
# Prints the inventory path on start. Idempotent.
#
# The hosts' sessions run as dcos, which may not reach this checkout (a clone under root's 0700
# home, a checkout private to its owner): everything they use (the stub docker, healthz.py) is
# copied into DIR/bin, and DIR must be a folder dcos can reach (the default of the demo and the
# tests is under /tmp). Nothing inside the sandboxes points back into the checkout.
set -euo pipefail
# What dcos must read is created readable whatever the caller's umask (a hardened root has 077).
umask 022
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
usage="usage: cluster.sh start DIR [--without-milvus-lite] | stop DIR"
action=${1:?$usage}
DIR=${2:?$usage}
with_lite=1
case "${3:-}" in
    "") ;;
    --without-milvus-lite) with_lite=0 ;;
    *) echo "$usage" >&2; exit 2 ;;
esac
mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd -P)
die() { echo "cluster.sh: $*" >&2; exit 1; }
names=29.16.21.64,29.16.21.65,29.16.21.66,29.16.21.67,29.16.21.68,29.16.21.69,29.16.21.70,29.16.21.71,29.16.21.72,29.16.21.73,29.16.21.74,29.16.21.80,29.16.21.81,29.16.21.82

case "$action" in
start)
    case "$DIR" in *[[:space:]\"\\]*) die "DIR goes into sshd_config's SetEnv and may hold no spaces or quotes: $DIR" ;; esac
    # The guide's deploy user; the stub docker and the uploads live in its (per-host) home.
    # '*' (no password, not locked): sshd refuses key logins to a locked account when PAM is off.
    # Serialised (flock on /etc/passwd, read-only) with other clusters starting at the same time:
    # two useradd or usermod at once fail on the shadow suite's own lock.
    (
        flock 9
        id dcos >/dev/null 2>&1 || useradd -M -d /home/dcos -s /bin/bash -p '*' dcos
        [ "$(getent shadow dcos | cut -d: -f2)" = '*' ] || usermod -p '*' dcos
    ) 9</etc/passwd
    # The stub docker's state is shared by every host (like a swarm manager's view); it runs as dcos.
    # The stub and healthz.py (found next to it) are copies, not links into the checkout, with
    # their own modes: dcos may be able to reach neither the checkout nor its files.
    rm -rf "$DIR/state" "$DIR/bin"
    mkdir -p "$DIR/bin" "$DIR/state"
    chmod 0755 "$DIR" "$DIR/bin"
    install -m 0755 "$here/docker" "$DIR/bin/docker"
    install -m 0644 "$here/healthz.py" "$DIR/bin/healthz.py"
    chown dcos: "$DIR/state"
    sim_path="$DIR/bin:/usr/local/bin:/usr/bin:/bin"
    # What the hosts' sessions will need, checked as dcos now rather than as a step's exit 127.
    runuser -u dcos -- env PATH="$sim_path" RUNBOOK_SIM_STATE="$DIR/state" sh -c '
        docker version >/dev/null && [ -r "$1/healthz.py" ] && [ -w "$RUNBOOK_SIM_STATE" ] &&
        command -v python3 >/dev/null' _ "$DIR/bin" ||
        die "user dcos cannot run $DIR/bin/docker, read $DIR/bin/healthz.py, write $DIR/state or find python3 on $sim_path; is a folder above $DIR private (mode 0700)? Use a folder under /tmp."
    "$root/scripts/test-hosts.sh" start "$DIR/hosts" 14 100 --names "$names" \
        --env "PATH=$sim_path" --env "RUNBOOK_SIM_STATE=$DIR/state" >/dev/null
    for hd in "$DIR"/hosts/h*/; do chown -R dcos: "$hd/root/mnt/data" "$hd/root/home/dcos"; done
    [ "$with_lite" = 0 ] || "$here/milvus-lite.sh" start "$DIR/milvus-lite" >/dev/null
    {
        sed 's/user: root/user: dcos/; s/"root@/"dcos@/' "$DIR/hosts/inventory.yaml" | sed '/^secrets:/d'
        cat <<YAML
  # The containers the guide's prompts name: run "inside" them through the stub docker.
  rootcoord:  { on: 29.16.21.73, wrap: "docker exec -i milvus_rootcoord sh" }
  datacoord:  { on: 29.16.21.73, wrap: "docker exec -i milvus_datacoord sh" }
  querycoord: { on: 29.16.21.74, wrap: "docker exec -i milvus_querycoord sh" }
  indexcoord: { on: 29.16.21.74, wrap: "docker exec -i milvus_indexcoord sh" }
  data1:      { on: 29.16.21.73, wrap: "docker exec -i milvus_data1 sh" }
  local:      { local: true }
YAML
    } > "$DIR/milvus.hosts.yaml"
    # The Python client connects to the proxy at 29.16.21.80:19530: here milvus-lite on 127.0.0.1.
    sed -i 's|^  "29.16.21.80": { ssh: \(.*\) }$|  "29.16.21.80": { ssh: \1, address: 127.0.0.1 }|' "$DIR/milvus.hosts.yaml"
    grep -q 'address: 127.0.0.1' "$DIR/milvus.hosts.yaml" || die "could not add the address rewrite"
    echo "$DIR/milvus.hosts.yaml"
    ;;
stop)
    "$here/milvus-lite.sh" stop "$DIR/milvus-lite" >/dev/null 2>&1 || true
    [ -d "$DIR/state" ] && RUNBOOK_SIM_STATE="$DIR/state" "$here/docker" sim-reset >/dev/null 2>&1 || true
    "$root/scripts/test-hosts.sh" stop "$DIR/hosts" >/dev/null 2>&1 || true
    ;;
*) echo "$usage" >&2; exit 2 ;;
esac
