import Foundation
import RunbookCore
import Testing
import TestSupport

/// Issue #13: the simulated cluster (scripts/milvus-sim/cluster.sh) started from a checkout its
/// hosts' user `dcos` cannot reach: a copy of scripts/ and runbooks/ in a folder with a space in
/// its path, under a 0700 folder (as a clone under root's home is), its files private to their owner
/// and the scripts run with umask 077. A step on a simulated host then runs the stub docker and its
/// /healthz responder as dcos. It fails when anything the sessions use still points into the
/// checkout (the step exits 127 `docker: command not found`, or reaches a real docker CLI further
/// down PATH) or when what dcos reads is created with the caller's umask (the host is unreachable).
@Suite("the simulated cluster started from a private checkout")
struct PrivateCheckoutTests {
    /// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice).
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The guide: one block on a simulated host, as dcos, through the stub docker and healthz.py.
    static func guide(healthzPort port: Int) -> String {
        #"""
        # From a private checkout

        ## 1. The stub docker as the hosts' user

        On 29.16.21.73:

        ```bash
        id -un > /home/dcos/whoami
        docker version > /home/dcos/docker-version
        printf 'services:\n  web:\n    image: nginx:1.25\n' > /home/dcos/pc.yaml
        RUNBOOK_SIM_HEALTHZ_PORT=\#(port) docker stack deploy --compose-file /home/dcos/pc.yaml pc
        curl -fsS http://127.0.0.1:\#(port)/healthz > /home/dcos/healthz
        RUNBOOK_SIM_HEALTHZ_PORT=\#(port) docker stack rm pc
        ```
        """#
    }

    @Test("a copy of the tree under a 0700 folder with a space: the cluster starts, a host runs the stub docker and healthz.py as dcos")
    func privateCheckout() async throws {
        let files = FileManager.default
        let id = UUID().uuidString.prefix(6).lowercased()
        let home = URL(filePath: "/tmp/rbpc-\(id) home")          // stands for root's 0700 home
        let checkout = home.appending(path: "src/run book")
        // The simulation's own folder: short (sshd SetEnv, ssh ControlPath) and reachable by dcos.
        let sim = URL(filePath: "/tmp/rbpc-\(id)-sim")
        let cluster = checkout.appending(path: "scripts/milvus-sim/cluster.sh").path
        defer {
            _ = Probe.spawnAndWait([cluster, "stop", sim.path], output: "/dev/null")
            try? files.removeItem(at: sim)
            try? files.removeItem(at: home)
            try? files.removeItem(atPath: sim.path + ".log")
        }

        // The copy: scripts/ and runbooks/, every file and folder private to its owner.
        try files.createDirectory(at: checkout, withIntermediateDirectories: true)
        for item in ["scripts", "runbooks"] {
            try files.copyItem(at: CLI.packageRoot.appending(path: item), to: checkout.appending(path: item))
        }
        let privatized = try Probe.run(["chmod", "-R", "go-rwx", home.path])
        try #require(privatized.status == 0, "\(privatized.output)")
        try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.path)

        let log = sim.path + ".log"
        let started = Probe.spawnAndWait(["/bin/sh", "-c", #"umask 077 && exec "$0" "$@""#,
                                         cluster, "start", sim.path, "--without-milvus-lite"], output: log)
        try #require(started == 0, "cluster start failed: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

        // The test means something only if dcos really cannot reach the checkout.
        let reach = try Probe.run(["runuser", "-u", "dcos", "--", "test", "-r", checkout.appending(path: "scripts/milvus-sim/docker").path])
        #expect(reach.status != 0, "dcos can read the private checkout: the test proves nothing")
        // Nothing in the simulation's folder points back into the checkout.
        let stub = sim.appending(path: "bin/docker").path
        #expect((try? files.destinationOfSymbolicLink(atPath: stub)) == nil, "bin/docker is a link")
        for case let path as String in files.enumerator(atPath: sim.path)! {
            let full = sim.appending(path: path).path
            if let target = try? files.destinationOfSymbolicLink(atPath: full) {
                #expect(!target.hasPrefix(home.path), "\(path) -> \(target)")
            }
        }

        let port = try Self.freeLoopbackPort()
        try Self.guide(healthzPort: port).write(to: checkout.appending(path: "private.md"), atomically: true, encoding: .utf8)
        let inventory = sim.appending(path: "milvus.hosts.yaml").path
        let run = try CLI.run(["run", "private.md", "-i", inventory, "--yes"], in: checkout)
        #expect(run.status == 0, "\(run.output)")

        // What the step left in the host's own /home/dcos.
        let hostDirectories = try files.contentsOfDirectory(atPath: sim.appending(path: "hosts").path)
            .filter { $0.hasPrefix("h") }.map { sim.appending(path: "hosts/\($0)") }
        let host = try #require(hostDirectories.first {
            (try? String(contentsOf: $0.appending(path: "name"), encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) == "29.16.21.73"
        })
        func read(_ name: String) -> String {
            ((try? String(contentsOf: host.appending(path: "root/home/dcos/\(name)"), encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(read("whoami") == "dcos")
        #expect(read("docker-version").hasPrefix("Docker version") && read("docker-version").contains("-sim"))
        #expect(read("healthz") == "OK")
    }
}
