import Foundation
import RunbookCore
import Testing
@testable import RunbookRuntime

/// Real sshd instances on loopback (127.0.0.x), started by `scripts/test-hosts.sh` in a temporary
/// directory and stopped when the test body ends.
struct TestHosts: Sendable {
    /// One loopback host.
    struct Host: Sendable {
        /// `h1`, `h2`, …: also the value of `RUNBOOK_TEST_HOST` in its sessions.
        var name: String
        /// The host's key in `inventory.yaml` (a `names:` entry, else `name`).
        var inventoryName: String
        var address: String
        var port: Int
        /// The directory whose `root/mnt/data` and `root/home/dcos` the host sees as `/mnt/data`
        /// and `/home/dcos`.
        var directory: URL
        var destination: String { "root@\(address):\(port)" }
        var mntData: URL { directory.appending(path: "root/mnt/data") }
        var sshdLog: URL { directory.appending(path: "sshd.log") }

        /// How many connections authenticated on this host so far.
        func authenticatedConnections() throws -> Int {
            // sshd -E ends lines with "\r\n" (one Character in Swift), so count occurrences.
            try String(contentsOf: sshdLog, encoding: .utf8).components(separatedBy: "Accepted publickey").count - 1
        }
    }

    var directory: URL
    var hosts: [Host]
    /// The inventory (SPEC §6) the script wrote, binding each inventory name to its host.
    var inventory: URL { directory.appending(path: "inventory.yaml") }

    /// ssh options that make the client use the harness's key and known_hosts file.
    var sshOptions: [String] {
        ["-i", directory.appending(path: "id_ed25519").path,
         "-o", "UserKnownHostsFile=\(directory.appending(path: "known_hosts").path)",
         "-o", "IdentitiesOnly=yes",
         "-o", "ConnectTimeout=5"]
    }

    /// A transport to `host` with its control socket under the harness directory.
    func transport(to host: Host, gracePeriod: Duration = .seconds(1)) -> SSHTransport {
        SSHTransport(destination: host.destination, options: sshOptions,
                     controlDirectory: directory.appending(path: "cm"), gracePeriod: gracePeriod)
    }

    /// A fresh log file path in the harness directory.
    func logFile(_ name: String = "step") -> URL {
        directory.appending(path: "logs/\(name)-\(UUID().uuidString.prefix(8)).log")
    }

    static let script = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "scripts/test-hosts.sh")

    /// Starts `count` hosts at 127.0.0.`firstOctet`…, named in the inventory by `names` (default
    /// h1…hN), each session with the `NAME=VALUE`s `environment` gives for the harness directory,
    /// runs `body`, then stops them.
    static func with<T>(count: Int, firstOctet: Int = 2, names: [String]? = nil,
                        environment: (URL) -> [String] = { _ in [] },
                        _ body: (TestHosts) async throws -> T) async throws -> T {
        // Short path: ControlPath sockets (`DIR/cm/` + 40 hex) must fit in ~104 bytes.
        let directory = URL(filePath: "/tmp/rbt-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory.appending(path: "logs"),
                                                withIntermediateDirectories: true)
        defer {
            _ = try? Probe.run([script.path, "stop", directory.path])
            try? FileManager.default.removeItem(at: directory)
        }
        let started = try Probe.run([script.path, "start", directory.path, String(count), String(firstOctet)]
                                    + (names.map { ["--names", $0.joined(separator: ",")] } ?? [])
                                    + environment(directory).flatMap { ["--env", $0] })
        try #require(started.status == 0, "test-hosts.sh start failed: \(started.output)")
        var hosts: [Host] = []
        for index in 1...count {
            let hostDirectory = directory.appending(path: "h\(index)")
            let port = try String(contentsOf: hostDirectory.appending(path: "port"), encoding: .utf8)
            let address = try String(contentsOf: hostDirectory.appending(path: "address"), encoding: .utf8)
            hosts.append(Host(name: "h\(index)", inventoryName: names?[index - 1] ?? "h\(index)", address: address.trimmingCharacters(in: .whitespacesAndNewlines),
                              port: try #require(Int(port.trimmingCharacters(in: .whitespacesAndNewlines))),
                              directory: hostDirectory))
        }
        return try await body(TestHosts(directory: directory, hosts: hosts))
    }

    /// Stops every host (for tests of unreachable hosts).
    func stop() throws {
        _ = try Probe.run([Self.script.path, "stop", directory.path])
    }
}

/// Small process probes for tests.
enum Probe {
    /// Runs `argv` to completion; returns its exit status and combined output.
    @discardableResult
    static func run(_ argv: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = argv
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The PIDs of processes whose command line contains `pattern`.
    static func pids(matching pattern: String) throws -> [String] {
        let result = try run(["pgrep", "-f", "--", pattern])
        return result.output.split(separator: "\n").map(String.init)
    }

    /// Polls until `condition` holds (at most `attempts` × 100 ms); returns whether it held.
    static func eventually(attempts: Int = 300, _ condition: () throws -> Bool) async rethrows -> Bool {
        for _ in 0..<attempts {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }
}
