import Foundation
import RunbookCore
import Testing
import TestSupport
@testable import RunbookRuntime

#if canImport(Glibc)
import Glibc
#endif

/// The peak resident memory of this process so far.
private func maxResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

@Suite("Local transport: a child process in its own session")
final class LocalTransportTests: Sendable {
    let directory: URL

    init() throws {
        directory = try scratchDirectory("rb-local")
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    private func log(_ name: String = "step") -> URL { directory.appending(path: "\(name).log") }

    @Test("exit status is reported as exited(N), output captured")
    func exitStatus() async throws {
        let transport = LocalTransport()
        let failing = await transport.execute(bashStep("echo before\nexit 3\n"), log: log(), timeout: nil, captureLimit: 1024)
        #expect(failing.outcome == .exited(3))
        #expect(failing.captured == "before\n")
        #expect(!failing.truncated)
        let passing = await transport.execute(bashStep("true"), log: log("ok"), timeout: nil, captureLimit: 1024)
        #expect(passing.outcome == .exited(0))
    }

    @Test("a process killed by a signal is signaled(N)")
    func signaled() async throws {
        let result = await LocalTransport().execute(bashStep("kill -KILL $$"), log: log(), timeout: nil, captureLimit: 64)
        #expect(result.outcome == .signaled(SIGKILL))
    }

    @Test("stdout and stderr land in the log interleaved in the order written")
    func interleaving() async throws {
        let script = "for i in $(seq 1 200); do echo out$i; echo err$i >&2; done"
        let expected = (1...200).map { "out\($0)\nerr\($0)\n" }.joined()
        let result = await LocalTransport().execute(bashStep(script), log: log(), timeout: nil, captureLimit: 1 << 20)
        #expect(result.outcome == .exited(0))
        #expect(result.captured == expected)
        #expect(try String(contentsOf: log(), encoding: .utf8) == expected)
    }

    @Test("the log is created 0600 and appended to; count and sha256 cover this execution only")
    func logFile() async throws {
        let file = log()
        let first = await LocalTransport().execute(bashStep("printf one"), log: file, timeout: nil, captureLimit: 64)
        let second = await LocalTransport().execute(bashStep("printf two"), log: file, timeout: nil, captureLimit: 64)
        #expect(try String(contentsOf: file, encoding: .utf8) == "onetwo")
        let mode = try #require(FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(first.outputBytes == 3 && second.outputBytes == 3)
        // sha256("two")
        #expect(second.outputSHA256 == "3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3")
    }

    @Test("the step text goes on stdin, not argv")
    func stdinNotArgv() async throws {
        let command = bashStep("echo \"$0\" \"$#\"; cat")
        #expect(LocalTransport().commandLine(for: command) == ["bash", "-euo", "pipefail", "-s"])
        let result = await LocalTransport().execute(
            HostCommand(argv: ["bash", "-c", "read -r line; echo got:$line"], stdin: "hello\n"),
            log: log(), timeout: nil, captureLimit: 64)
        #expect(result.captured == "got:hello\n")
    }

    @Test("the child inherits only stdin, stdout and stderr, not other descriptors of this process")
    func noInheritedDescriptors() async throws {
        let pipe = Pipe()  // Foundation creates it without O_CLOEXEC
        defer { try? pipe.fileHandleForReading.close(); try? pipe.fileHandleForWriting.close() }
        let result = await LocalTransport().execute(HostCommand(argv: ["sh", "-c", "ls /proc/$$/fd"], stdin: ""),
                                                    log: log(), timeout: nil, captureLimit: 1024)
        #expect(result.captured.split(separator: "\n") == ["0", "1", "2"])
    }

    @Test("a program that cannot be found is exited(127) with the reason in the log")
    func missingProgram() async throws {
        let result = await LocalTransport().execute(HostCommand(argv: ["/nonexistent/rb-tool"], stdin: ""),
                                                    log: log(), timeout: nil, captureLimit: 1024)
        #expect(result.outcome == .exited(127))
        #expect(result.captured.contains("/nonexistent/rb-tool"))
    }

    @Test("200 MB of output streams to the log with the exact count and sha256; captured is limited")
    func bigOutput() async throws {
        let file = log()
        let result = await LocalTransport().execute(bashStep("head -c 200000000 /dev/zero | tr '\\0' x"),
                                                    log: file, timeout: nil, captureLimit: 4096)
        #expect(result.outcome == .exited(0))
        #expect(result.outputBytes == 200_000_000)
        #expect(try fileSize(file) == 200_000_000)
        #expect(result.captured == String(repeating: "x", count: 4096))
        #expect(result.truncated)
        #expect(result.outputSHA256 == (try sha256Hex(of: file)))
        try FileManager.default.removeItem(at: file)
    }

    @Test("1 GB of output does not grow the process: peak resident size stays far below it")
    func constantMemory() async throws {
        let before = maxResidentBytes()
        // The log is /dev/null: this is about memory, not disk (bigOutput checks the file).
        let result = await LocalTransport().execute(bashStep("head -c 1000000000 /dev/zero"),
                                                    log: URL(filePath: "/dev/null"), timeout: nil, captureLimit: 1 << 16)
        #expect(result.outcome == .exited(0))
        #expect(result.outputBytes == 1_000_000_000)
        // Holding the output would add ~1 GB to the peak; other tests running meanwhile add far less.
        #expect(maxResidentBytes() - before < 300_000_000)
    }

    @Test("cancelling the task kills the whole process group (SIGTERM, then SIGKILL) → interrupted")
    func cancellation() async throws {
        let marker = uniqueMarker()
        let task = Task {
            await LocalTransport(gracePeriod: .seconds(1)).execute(sleepersStep(marker), log: log(), timeout: nil, captureLimit: 64)
        }
        #expect(try await Probe.eventually { try Probe.pids(matching: marker).count == 3 })
        task.cancel()
        let result = await task.value
        #expect(result.outcome == .interrupted)
        #expect(try Probe.pids(matching: marker).isEmpty)
    }

    @Test("a step over its time limit is stopped → timedOut")
    func timeout() async throws {
        let marker = uniqueMarker()
        let result = await LocalTransport(gracePeriod: .seconds(1))
            .execute(sleepersStep(marker), log: log(), timeout: .seconds(1), captureLimit: 64)
        #expect(result.outcome == .timedOut)
        #expect(try Probe.pids(matching: marker).isEmpty)
    }
}
