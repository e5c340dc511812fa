import Foundation
import TestSupport

/// A healthz endpoint like milvus's (Go net/http): `Date`, `Content-Length: 2`,
/// `Content-Type: text/plain; charset=utf-8`, body `OK`. A python3 `http.server` on 127.0.0.1 on a
/// port the kernel picks, stopped by `stop()`.
final class HealthzServer {
    /// `ok` answers 200; `unavailable` answers 503; `late` answers 503 until `lateSeconds` after the
    /// first request it receives, then 200 (a service still starting when the check begins).
    enum Mode: String { case ok, unavailable, late }

    static let lateSeconds = 3

    static let script = """
    import email.utils, http.server, os, sys, time
    mode, port_file, late = sys.argv[1], sys.argv[2], float(sys.argv[3])
    first = None

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            global first
            now = time.monotonic()
            if first is None:
                first = now
            healthy = mode == "ok" or (mode == "late" and now - first >= late)
            code, body = (200, b"OK") if healthy else (503, b"rootcoord not ready")
            self.send_response_only(code)
            self.send_header("Date", email.utils.formatdate(usegmt=True))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()
    """

    let process = Process()
    let directory: URL
    private(set) var port = 0

    init(_ mode: Mode) async throws {
        directory = try scratchDirectory("rb-healthz")
        let scriptFile = directory.appending(path: "healthz.py")
        let portFile = directory.appending(path: "port")
        try Self.script.write(to: scriptFile, atomically: true, encoding: .utf8)
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", scriptFile.path, mode.rawValue, portFile.path, String(Self.lateSeconds)]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let listening = await Probe.eventually(attempts: 100) { FileManager.default.fileExists(atPath: portFile.path) }
        guard listening, let port = Int((try? String(contentsOf: portFile, encoding: .utf8)) ?? "") else {
            stop()
            throw ServerError(description: "the healthz server did not start")
        }
        self.port = port
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: a child started by Foundation's Process from a test thread inherits a signal
            // mask that blocks SIGTERM, so `terminate()` would leave it serving forever.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    struct ServerError: Error, CustomStringConvertible { var description: String }
}
