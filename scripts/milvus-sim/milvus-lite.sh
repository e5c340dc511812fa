#!/usr/bin/env bash
# A real Milvus-compatible gRPC server on loopback for the guide's pymilvus check (milvus.md §3.3).
#
#   scripts/milvus-sim/milvus-lite.sh start STATE_DIR    # venv + milvus-lite server on 127.0.0.1:19530
#   scripts/milvus-sim/milvus-lite.sh stop STATE_DIR
#   scripts/milvus-sim/milvus-lite.sh status STATE_DIR
#
# start: creates STATE_DIR/venv (python3 -m venv) if missing, installs milvus-lite==3.2.2 and
# pymilvus==3.0.2 into it (from PyPI, once), runs
#   milvus-lite server --host 127.0.0.1 --port 19530 --data-dir STATE_DIR/data
# detached (log STATE_DIR/milvus-lite.log, pid STATE_DIR/milvus-lite.pid) and returns once the port
# accepts connections. Idempotent: a server of ours already running is left alone. Clients use
# STATE_DIR/venv/bin/python (it has pymilvus). Environment: MILVUS_LITE_HOST (default 127.0.0.1;
# loopback only), MILVUS_LITE_PORT (default 19530), MILVUS_LITE_START_TIMEOUT (seconds, default 60).
set -euo pipefail

MILVUS_LITE_VERSION=3.2.2
PYMILVUS_VERSION=3.0.2
HOST=${MILVUS_LITE_HOST:-127.0.0.1}
PORT=${MILVUS_LITE_PORT:-19530}
START_TIMEOUT=${MILVUS_LITE_START_TIMEOUT:-60}

die() { echo "milvus-lite.sh: $*" >&2; exit 1; }
usage() { echo "usage: $0 start|stop|status STATE_DIR" >&2; exit 2; }

[ $# -eq 2 ] || usage
action=$1
mkdir -p "$2"
STATE=$(cd "$2" && pwd -P)
VENV="$STATE/venv"
PIDFILE="$STATE/milvus-lite.pid"
LOG="$STATE/milvus-lite.log"

case "$HOST" in
    127.*|localhost) ;;
    *) die "MILVUS_LITE_HOST=$HOST: the simulation listens on loopback only" ;;
esac

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

# PID of our server if it is alive (guards against PID reuse by checking its command line).
our_pid() {
    local pid
    [ -f "$PIDFILE" ] || return 1
    pid=$(cat "$PIDFILE")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "--data-dir $STATE/data" || return 1
    echo "$pid"
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -c 'import venv, ensurepip' 2>/dev/null ||
            die "python3's venv module is missing: apt-get install -y python3-venv"
        echo "milvus-lite.sh: creating $VENV" >&2
        python3 -m venv "$VENV"
    fi
    if ! "$VENV/bin/python" - "$MILVUS_LITE_VERSION" "$PYMILVUS_VERSION" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if (version("milvus-lite"), version("pymilvus")) == (sys.argv[1], sys.argv[2]) else 1)
EOF
    then
        echo "milvus-lite.sh: installing milvus-lite==$MILVUS_LITE_VERSION pymilvus==$PYMILVUS_VERSION into $VENV" >&2
        "$VENV/bin/python" -m pip install --disable-pip-version-check -q \
            "milvus-lite==$MILVUS_LITE_VERSION" "pymilvus==$PYMILVUS_VERSION" >&2 ||
            die "pip install failed (PyPI reachable?)"
    fi
    [ -x "$VENV/bin/milvus-lite" ] || die "$VENV/bin/milvus-lite missing after install"
}

cmd_start() {
    if pid=$(our_pid); then
        port_open && { echo "milvus-lite.sh: already running (pid $pid) on $HOST:$PORT"; return 0; }
    fi
    port_open && die "$HOST:$PORT is already in use by another process"
    ensure_venv
    mkdir -p "$STATE/data"
    # setsid: detached from the caller's session and terminal; no inherited stdio.
    setsid "$VENV/bin/milvus-lite" server --host "$HOST" --port "$PORT" --data-dir "$STATE/data" \
        </dev/null >>"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    local deadline=$((SECONDS + START_TIMEOUT))
    while ! port_open; do
        if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
            tail -n 20 "$LOG" >&2 || true
            rm -f "$PIDFILE"
            die "milvus-lite exited before listening (log: $LOG)"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            cmd_stop >/dev/null
            die "milvus-lite did not listen on $HOST:$PORT within ${START_TIMEOUT}s (log: $LOG)"
        fi
        sleep 0.2
    done
    echo "milvus-lite.sh: milvus-lite $MILVUS_LITE_VERSION listening on $HOST:$PORT (pid $(cat "$PIDFILE"), data $STATE/data)"
}

cmd_stop() {
    local pid
    if pid=$(our_pid); then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
        echo "milvus-lite.sh: stopped (pid $pid)"
    else
        echo "milvus-lite.sh: not running"
    fi
    rm -f "$PIDFILE"
}

cmd_status() {
    if pid=$(our_pid) && port_open; then
        echo "running (pid $pid) on $HOST:$PORT"
    else
        echo "not running"; return 1
    fi
}

case "$action" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) usage ;;
esac
