import Foundation
import RunbookCore
import Testing
import TestSupport
@testable import RunbookRuntime

/// One run per guide at a time, without a reused pid or a reboot holding a run back.
@Suite("the run lock")
struct RunLockTests {
    static func logs() throws -> URL {
        try scratchDirectory("rb-lock")
    }

    @Test("a live holder keeps the lock: a second run of the same guide is refused with exit 3")
    func liveHolder() throws {
        let logs = try Self.logs()
        defer { try? FileManager.default.removeItem(at: logs) }
        let first = try RunLock(logDirectory: logs, runbookPath: "/srv/guide.md")
        defer { first.release() }
        let error = #expect(throws: InputError.self) { try RunLock(logDirectory: logs, runbookPath: "/srv/guide.md") }
        #expect(error?.exitCode == 3)
        #expect(error?.message.contains("holds the lock") == true)
    }

    @Test("a lock whose pid is alive but now another process is stale, and is taken over")
    func reusedPid() throws {
        let logs = try Self.logs()
        defer { try? FileManager.default.removeItem(at: logs) }
        let first = try RunLock(logDirectory: logs, runbookPath: "/srv/guide.md")
        // As if left by an earlier process that had this one's pid: same pid, another start time.
        let identity = try #require(RunLock.identity(of: getpid()))
        var holder = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: first.url)) as? [String: Any])
        #expect(holder["process"] as? String == identity, "the lock records who holds it")
        holder["process"] = identity + "7"
        try JSONSerialization.data(withJSONObject: holder).write(to: first.url)
        let second = try RunLock(logDirectory: logs, runbookPath: "/srv/guide.md")
        second.release()
        #expect(!FileManager.default.fileExists(atPath: first.url.path))
    }

    @Test("a process's identity is its boot and start time: the same for it each time, another for another process")
    func identity() throws {
        let mine = try #require(RunLock.identity(of: getpid()))
        #expect(RunLock.identity(of: getpid()) == mine)
        #expect(RunLock.identity(of: 1) != mine, "init started at boot")
        #expect(RunLock.identity(of: 999_999_999) == nil, "no such process")
    }
}
