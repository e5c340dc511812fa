#!/usr/bin/env bash
# The simulated Milvus cluster of runbooks/milvus.md, on loopback only (SPEC section 11):
#   scripts/milvus-sim/cluster.sh start DIR   — 14 sshd hosts on 127.0.0.100…113 named by the
#       guide's addresses (the 11 of its tables and the managers 29.16.21.80–82), each with its
#       own /mnt/data and /home/dcos, the stub docker first on PATH, user dcos; milvus-lite on
#       127.0.0.1:19530 for the Python check; DIR/milvus.hosts.yaml binds every guide host, the
#       containers its prompts name (rootcoord … data1) and rewrites 29.16.21.80 to 127.0.0.1.
#   scripts/milvus-sim/cluster.sh stop DIR
# Prints the inventory path on start. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
action=${1:?usage: cluster.sh start|stop DIR}
DIR=${2:?usage: cluster.sh start|stop DIR}
mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd -P)
names=29.16.21.64,29.16.21.65,29.16.21.66,29.16.21.67,29.16.21.68,29.16.21.69,29.16.21.70,29.16.21.71,29.16.21.72,29.16.21.73,29.16.21.74,29.16.21.80,29.16.21.81,29.16.21.82

case "$action" in
start)
    # The guide's deploy user; the stub docker and the uploads live in its (per-host) home.
    # '*' (no password, not locked): sshd refuses key logins to a locked account when PAM is off.
    id dcos >/dev/null 2>&1 || useradd -M -d /home/dcos -s /bin/bash -p '*' dcos
    usermod -p '*' dcos
    # The stub docker's state is shared by every host (like a swarm manager's view); it runs as dcos.
    rm -rf "$DIR/state"
    mkdir -p "$DIR/bin" "$DIR/state"
    ln -sf "$here/docker" "$DIR/bin/docker"
    chown dcos: "$DIR/state"
    "$root/scripts/test-hosts.sh" start "$DIR/hosts" 14 100 --names "$names" \
        --env "PATH=$DIR/bin:/usr/local/bin:/usr/bin:/bin" --env "RUNBOOK_SIM_STATE=$DIR/state" >/dev/null
    for hd in "$DIR"/hosts/h*/; do chown -R dcos: "$hd/root/mnt/data" "$hd/root/home/dcos"; done
    "$here/milvus-lite.sh" start "$DIR/milvus-lite" >/dev/null
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
    grep -q 'address: 127.0.0.1' "$DIR/milvus.hosts.yaml" || { echo "cluster.sh: could not add the address rewrite" >&2; exit 1; }
    echo "$DIR/milvus.hosts.yaml"
    ;;
stop)
    "$here/milvus-lite.sh" stop "$DIR/milvus-lite" >/dev/null 2>&1 || true
    [ -d "$DIR/state" ] && RUNBOOK_SIM_STATE="$DIR/state" "$here/docker" sim-reset >/dev/null 2>&1 || true
    "$root/scripts/test-hosts.sh" stop "$DIR/hosts" >/dev/null 2>&1 || true
    ;;
*) echo "usage: cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
