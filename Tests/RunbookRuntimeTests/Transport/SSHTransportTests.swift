import Foundation
import RunbookCore
import Testing
import TestSupport
@testable import RunbookRuntime

extension TestHosts {
    /// A transport to `host` with its control socket under the harness directory.
    func transport(to host: Host, gracePeriod: Duration = .seconds(1)) -> SSHTransport {
        SSHTransport(destination: host.destination, options: sshOptions,
                     controlDirectory: directory.appending(path: "cm"), gracePeriod: gracePeriod)
    }
}

@Suite("SSH transport: the system OpenSSH client against sshd on loopback", .serialized)
struct SSHTransportTests {
    @Test("commandLine is the exact ssh argv: options, --, destination, quoted remote argv; no step text")
    func commandLine() throws {
        let transport = SSHTransport(destination: "root@127.0.0.2:2201", options: ["-o", "ConnectTimeout=4", "-i", "/k"],
                                     controlDirectory: URL(filePath: "/tmp/cm"))
        let argv = transport.commandLine(for: bashStep("echo SECRET-STEP-TEXT"))
        #expect(argv.first == "ssh")
        #expect(!argv.joined(separator: " ").contains("SECRET-STEP-TEXT"))
        #expect(Array(argv[1...4]) == ["-o", "ConnectTimeout=4", "-i", "/k"])
        for option in ["BatchMode=yes", "ConnectTimeout=4", "ServerAliveInterval=15",
                       "StrictHostKeyChecking=accept-new", "ControlPath=/tmp/cm/%C", "ControlMaster=no"] {
            #expect(argv.contains(option), "missing \(option)")
        }
        #expect(!argv.contains("ConnectTimeout=10"))
        let dash = try #require(argv.firstIndex(of: "--"))
        #expect(argv[dash + 1] == "root@127.0.0.2")
        let port = try #require(argv.firstIndex(of: "-p"))
        #expect(argv[port + 1] == "2201" && port < dash)
        let remote = try #require(argv.last)
        #expect(remote.hasSuffix("&& exec bash -euo pipefail -s 2>&1"))
        #expect(transport.description == "ssh root@127.0.0.2:2201")
    }

    @Test("destinations parse into ssh's destination and port", arguments: [
        ("root@127.0.0.2:2201", "root@127.0.0.2", 2201),
        ("dcos@10.1.0.73", "dcos@10.1.0.73", nil),
        ("node7", "node7", nil),
        ("me@[::1]:2222", "me@::1", 2222),
        ("me@::1", "me@::1", nil),
    ] as [(String, String, Int?)])
    func destinations(text: String, destination: String, port: Int?) {
        let target = SSHTarget(text)
        #expect(target.destination == destination)
        #expect(target.port == port)
    }

    @Test("shell quoting survives a round trip through sh")
    func quoting() throws {
        let words = ["plain", "with space", "it's", "$HOME", "a\"b", "back\\slash", "", "*", "new\nline"]
        let printed = try Probe.run(["sh", "-c", "printf '%s|' " + shellQuoted(words)])
        #expect(printed.output == words.map { $0 + "|" }.joined())
    }

    @Test("commands run on the right host with exit codes; a file under /mnt/data lands in that host's root")
    func runsOnTheRightHost() async throws {
        try await TestHosts.with(count: 2) { (hosts) async throws in
            let h2 = hosts.hosts[1]
            let transport = hosts.transport(to: h2)
            let name = "written-\(UUID().uuidString.prefix(8))"
            let result = await transport.execute(
                bashStep("echo on $RUNBOOK_TEST_HOST\necho $RUNBOOK_TEST_HOST > /mnt/data/\(name)\nexit 3\n"),
                log: hosts.logFile(), timeout: nil, captureLimit: 1024)
            #expect(result.outcome == .exited(3))
            #expect(result.captured == "on h2\n")
            #expect(try String(contentsOf: h2.mntData.appending(path: name), encoding: .utf8) == "h2\n")
            #expect(!FileManager.default.fileExists(atPath: hosts.hosts[0].mntData.appending(path: name).path))
            #expect(!FileManager.default.fileExists(atPath: "/mnt/data/\(name)"))
            let ok = await transport.execute(bashStep("true"), log: hosts.logFile(), timeout: nil, captureLimit: 64)
            #expect(ok.outcome == .exited(0))
            await transport.close()
        }
    }

    @Test("stdout and stderr arrive interleaved in order; the start marker is not in the log")
    func interleaving() async throws {
        try await TestHosts.with(count: 1) { (hosts) async throws in
            let transport = hosts.transport(to: hosts.hosts[0])
            let log = hosts.logFile()
            let script = "for i in $(seq 1 200); do echo out$i; echo err$i >&2; done"
            let expected = (1...200).map { "out\($0)\nerr\($0)\n" }.joined()
            let result = await transport.execute(bashStep(script), log: log, timeout: nil, captureLimit: 1 << 20)
            await transport.close()
            #expect(result.outcome == .exited(0))
            #expect(result.captured == expected)
            #expect(try String(contentsOf: log, encoding: .utf8) == expected)
            #expect(result.outputBytes == expected.utf8.count)
        }
    }

    @Test("a remote command exiting 255 is exited(255), not unreachable")
    func remoteExit255() async throws {
        try await TestHosts.with(count: 1) { (hosts) async throws in
            let transport = hosts.transport(to: hosts.hosts[0])
            let result = await transport.execute(bashStep("echo bye\nexit 255"), log: hosts.logFile(), timeout: nil, captureLimit: 64)
            await transport.close()
            #expect(result.outcome == .exited(255))
            #expect(result.captured == "bye\n")
        }
    }

    @Test("a stopped host is unreachable, with ssh's reason, and the step never ran")
    func stoppedHost() async throws {
        try await TestHosts.with(count: 1) { (hosts) async throws in
            try hosts.stop()
            let transport = hosts.transport(to: hosts.hosts[0])
            let log = hosts.logFile()
            let result = await transport.execute(bashStep("echo ran"), log: log, timeout: nil, captureLimit: 1024)
            guard case .unreachable(let message) = result.outcome else {
                Issue.record("expected unreachable, got \(result.outcome)")
                return
            }
            #expect(message.contains("Connection refused") || message.contains("timed out"), "\(message)")
            #expect(!result.captured.contains("ran"))
            #expect(try String(contentsOf: log, encoding: .utf8).contains(message))
            await transport.close()
        }
    }

    @Test("200 MB over ssh streams to the log with the exact byte count; captured is limited")
    func bigOutput() async throws {
        try await TestHosts.with(count: 1) { (hosts) async throws in
            let transport = hosts.transport(to: hosts.hosts[0])
            let log = hosts.logFile()
            let result = await transport.execute(bashStep("head -c 200000000 /dev/zero"), log: log, timeout: nil, captureLimit: 1000)
            await transport.close()
            #expect(result.outcome == .exited(0))
            #expect(result.outputBytes == 200_000_000)
            #expect(try fileSize(log) == 200_000_000)
            #expect(result.captured.utf8.count == 1000)
            #expect(result.truncated)
            #expect(result.outputSHA256 == (try sha256Hex(of: log)))
            try FileManager.default.removeItem(at: log)
        }
    }

    @Test("cancelling an ssh step kills its remote process group (even SIGTERM-ignoring members) → interrupted")
    func cancellation() async throws {
        try await TestHosts.with(count: 1) { (hosts) async throws in
            let transport = hosts.transport(to: hosts.hosts[0])
            let marker = uniqueMarker()
            let task = Task {
                await transport.execute(sleepersStep(marker), log: hosts.logFile(), timeout: nil, captureLimit: 64)
            }
            #expect(try await Probe.eventually { try Probe.pids(matching: marker).count == 3 })
            task.cancel()
            let result = await task.value
            #expect(result.outcome == .interrupted)
            #expect(try Probe.pids(matching: marker).isEmpty)
            // The connection is still usable after an interruption.
            let after = await transport.execute(bashStep("echo still here"), log: hosts.logFile(), timeout: nil, captureLimit: 64)
            #expect(after.outcome == .exited(0))
            await transport.close()
        }
    }

    @Test("a timed-out ssh step leaves nothing behind on the host → timedOut")
    func timeout() async throws {
        try await TestHosts.with(count: 1) { (hosts) async throws in
            let transport = hosts.transport(to: hosts.hosts[0])
            let marker = uniqueMarker()
            let result = await transport.execute(sleepersStep(marker), log: hosts.logFile(), timeout: .seconds(2), captureLimit: 64)
            await transport.close()
            #expect(result.outcome == .timedOut)
            #expect(try Probe.pids(matching: marker).isEmpty)
        }
    }

    @Test("one ControlMaster per host: three commands, one authenticated connection; close() ends it")
    func oneControlMaster() async throws {
        try await TestHosts.with(count: 1) { (hosts) async throws in
            let host = hosts.hosts[0]
            let transport = hosts.transport(to: host)
            async let a = transport.execute(bashStep("echo 1"), log: hosts.logFile(), timeout: nil, captureLimit: 64)
            async let b = transport.execute(bashStep("echo 2"), log: hosts.logFile(), timeout: nil, captureLimit: 64)
            let first = await [a, b]
            let third = await transport.execute(bashStep("echo 3"), log: hosts.logFile(), timeout: nil, captureLimit: 64)
            #expect((first + [third]).map(\.outcome) == [.exited(0), .exited(0), .exited(0)])
            #expect(try host.authenticatedConnections() == 1)
            let controlDirectory = hosts.directory.appending(path: "cm").path
            #expect(try !Probe.pids(matching: controlDirectory).isEmpty)
            await transport.close()
            #expect(try await Probe.eventually(attempts: 50) { try Probe.pids(matching: controlDirectory).isEmpty })
        }
    }
}
