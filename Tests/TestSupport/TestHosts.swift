import Foundation
import Testing

/// Real sshd instances on loopback (127.0.0.x), started by `scripts/test-hosts.sh` in a temporary
/// directory and stopped when the test body ends.
public struct TestHosts: Sendable {
    /// One loopback host.
    public struct Host: Sendable {
        /// `h1`, `h2`, …: also the value of `RUNBOOK_TEST_HOST` in its sessions.
        public var name: String
        /// The host's key in `inventory.yaml` (a `names:` entry, else `name`).
        public var inventoryName: String
        /// The loopback address its sshd listens on (127.0.0.x).
        public var address: String
        /// Its sshd's port.
        public var port: Int
        /// The directory whose `root/mnt/data` and `root/home/dcos` the host sees as `/mnt/data`
        /// and `/home/dcos`.
        public var directory: URL
        /// `root@ADDRESS:PORT`: the ssh destination.
        public var destination: String { "root@\(address):\(port)" }
        /// The host's `/mnt/data`, seen from the control machine.
        public var mntData: URL { directory.appending(path: "root/mnt/data") }
        /// sshd's own log (`-E`).
        public var sshdLog: URL { directory.appending(path: "sshd.log") }

        /// How many connections authenticated on this host so far.
        public func authenticatedConnections() throws -> Int {
            // sshd -E ends lines with "\r\n" (one Character in Swift), so count occurrences.
            try String(contentsOf: sshdLog, encoding: .utf8).components(separatedBy: "Accepted publickey").count - 1
        }
    }

    /// The harness directory: the key, known_hosts, the inventory and one folder per host.
    public var directory: URL
    /// The hosts, in the order of their addresses.
    public var hosts: [Host]
    /// The inventory (SPEC §6) the script wrote, binding each inventory name to its host.
    public var inventory: URL { directory.appending(path: "inventory.yaml") }

    /// ssh options that make the client use the harness's key and known_hosts file.
    public var sshOptions: [String] {
        ["-i", directory.appending(path: "id_ed25519").path,
         "-o", "UserKnownHostsFile=\(directory.appending(path: "known_hosts").path)",
         "-o", "IdentitiesOnly=yes",
         "-o", "ConnectTimeout=5"]
    }

    /// A fresh log file path in the harness directory.
    public func logFile(_ name: String = "step") -> URL {
        directory.appending(path: "logs/\(name)-\(UUID().uuidString.prefix(8)).log")
    }

    /// The script that starts and stops the hosts.
    public static let script = Checkout.root.appending(path: "scripts/test-hosts.sh")

    /// Starts `count` hosts at 127.0.0.`firstOctet`…, named in the inventory by `names` (default
    /// h1…hN), each session with the `NAME=VALUE`s `environment` gives for the harness directory,
    /// runs `body`, then stops them. `setuid`: hosts whose logins can run sudo (`--setuid`).
    public static func with<T>(count: Int, firstOctet: Int = 2, names: [String]? = nil, setuid: Bool = false,
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
        var arguments: [String] = [script.path, "start", directory.path, String(count), String(firstOctet)]
        if let names { arguments += ["--names", names.joined(separator: ",")] }
        arguments += environment(directory).flatMap { ["--env", $0] }
        if setuid { arguments.append("--setuid") }
        let started = try Probe.run(arguments)
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
    public func stop() throws {
        _ = try Probe.run([Self.script.path, "stop", directory.path])
    }
}
