#!/usr/bin/env python3
"""Stand-in for a Milvus component's health endpoint (GET /healthz on the metrics port 9091).

    healthz.py [--host 127.0.0.1] [--port 9091] [--pidfile FILE]

Answers like Milvus 2.3 (a Go net/http server) does, byte for byte apart from the date:

    HTTP/1.1 200 OK
    Date: Thu, 21 Sep 2023 08:07:43 GMT
    Content-Length: 2
    Content-Type: text/plain; charset=utf-8

    OK

Any other path gets Go's "404 page not found". With --pidfile the server writes its pid there and
exits within a second once that file is removed or names another process: removing the pid file is
how the simulation stops it, which works even when it was started inside a test host's own PID
namespace (where its pid means nothing to the outside).
"""
import argparse
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "milvus-sim"

    def _reply(self, code, reason, body, head_only=False):
        data = body.encode()
        # Go writes no Server header; header order as curl shows it for Milvus.
        self.send_response_only(code, reason)
        self.send_header("Date", self.date_time_string())
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        if not head_only:
            self.wfile.write(data)

    def _route(self, head_only):
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            self._reply(200, "OK", "OK", head_only)
        else:
            self._reply(404, "Not Found", "404 page not found\n", head_only)

    def do_GET(self):
        self._route(False)

    def do_HEAD(self):
        self._route(True)

    def log_message(self, fmt, *args):  # quiet: the sim's log is its state, not an access log
        pass


def watch_pidfile(server, pidfile, mypid):
    import time
    while True:
        time.sleep(1)
        try:
            with open(pidfile) as f:
                owner = f.read().split()[0]
        except (OSError, IndexError):
            owner = ""
        if owner != str(mypid):
            server.shutdown()
            return


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=9091)
    ap.add_argument("--pidfile")
    a = ap.parse_args()
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    try:
        server = ThreadingHTTPServer((a.host, a.port), Handler)
    except OSError as e:
        print(f"healthz: cannot listen on {a.host}:{a.port}: {e.strerror}", file=sys.stderr)
        return 1
    if a.pidfile:
        tmp = f"{a.pidfile}.{os.getpid()}"
        with open(tmp, "w") as f:
            f.write(f"{os.getpid()}\n")
        os.replace(tmp, a.pidfile)
        threading.Thread(target=watch_pidfile, args=(server, a.pidfile, os.getpid()), daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
