#!/usr/bin/env bash
# Installs what runbook needs to build, test and demo, only when something is missing (Debian).
set -euo pipefail
need=()
pkg-config --exists libcmark 2>/dev/null || need+=(libcmark-dev)
[ -e /usr/include/mimalloc.h ] || need+=(libmimalloc-dev)  # the allocator the runbook binary links
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v cmark >/dev/null || need+=(cmark)            # the baseline of bench/plan-speed.sh
command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
command -v bwrap >/dev/null || need+=(bubblewrap)      # per-host filesystem views of the test hosts
command -v curl >/dev/null || need+=(curl)
command -v ss >/dev/null || need+=(iproute2)         # test-hosts.sh picks free ports with ss
command -v pgrep >/dev/null || need+=(procps)
command -v script >/dev/null || need+=(bsdutils)     # a pseudo-terminal for the confirmation tests
[ -x /usr/bin/sudo ] || need+=(sudo)                 # the become: tests (a guide's sudo over a non-root login)
command -v python3 >/dev/null || need+=(python3)
# The simulated hosts' user (dcos) runs healthz.py with the system's python3, not root's own (a
# python3 under root's home, e.g. pyenv's, is out of its reach).
[ -x /usr/bin/python3 ] || need+=(python3)
python3 -c "import venv, ensurepip" 2>/dev/null || need+=(python3-venv)   # milvus-lite for the Milvus demo and test
command -v chromium >/dev/null || need+=(chromium)  # renders the HTML report in its test
# Real daemons the corpus guides (runbooks/examples/) start on the loopback test hosts.
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || need+=(redis-tools)
command -v etcd >/dev/null || need+=(etcd-server)
command -v etcdctl >/dev/null || need+=(etcd-client)
[ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v mysql >/dev/null || need+=(mariadb-client)
if [ ${#need[@]} -gt 0 ]; then
  echo "deps: installing ${need[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
