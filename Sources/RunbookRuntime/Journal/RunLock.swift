import Foundation
import RunbookCore

/// One run per runbook and log directory at a time: `logs/.lock-<hash of the runbook path>`.
public final class RunLock: Sendable {
    public let url: URL
    /// What was said about a stale lock that was removed to take this one, for the operator.
    public let removedStale: String?

    /// Takes the lock, replacing a stale one (its process is gone); throws (exit 3) naming the holder.
    public init(logDirectory: URL, runbookPath: String) throws {
        try? FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = GuideHash.sha256(Array(URL(fileURLWithPath: runbookPath).standardizedFileURL.path.utf8)).prefix(16)
        url = logDirectory.appendingPathComponent(".lock-\(key)")
        var holder: [String: Any] = ["pid": Int(getpid()), "user": NSUserName(), "start": Journal.timestamp(Date()), "runbook": runbookPath]
        holder["process"] = Self.identity(of: getpid())
        let me = ((try? JSONSerialization.data(withJSONObject: holder, options: [.sortedKeys])) ?? Data()) + Data("\n".utf8)
        var removed: String?
        for _ in 0..<2 {
            let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                _ = me.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                fsync(fd)
                close(fd)
                removedStale = removed
                return
            }
            let holder = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let fields = (try? JSONSerialization.jsonObject(with: Data(holder.utf8)) as? [String: Any]) ?? [:]
            let pid = (fields["pid"] as? Int).flatMap { pid_t(exactly: $0) }.flatMap { $0 > 0 ? $0 : nil }
            var why = "its process is gone"
            if let pid, kill(pid, 0) == 0 || errno == EPERM {
                // Alive, but the same process only if it started when the holder did (a pid is reused).
                // Without both identities to compare (an older lock, no /proc), the holder is trusted.
                guard let recorded = fields["process"] as? String, let now = Self.identity(of: pid), now != recorded else {
                    throw InputError("another run of \(runbookPath) holds the lock: \(holder.trimmingCharacters(in: .whitespacesAndNewlines))",
                                     hint: "wait for it to finish (runbook log shows it), or stop it; the lock is \(url.path)", exitCode: 3)
                }
                why = "pid \(pid) is now another process"
            }
            // The holder is gone (killed or crashed): the lock is stale.
            removed = "removing a stale lock left by pid \(pid.map(String.init) ?? "?"): \(why) (\(url.lastPathComponent))"
            try? FileManager.default.removeItem(at: url)
        }
        throw InputError("cannot take the run lock \(url.path)", hint: "check the log directory's permissions", exitCode: 3)
    }

    /// Releases the lock.
    public func release() { try? FileManager.default.removeItem(at: url) }

    /// Which process `pid` is, beyond its number: the kernel's boot id and the process's start time
    /// (clock ticks after boot, field 22 of /proc/PID/stat). Nil where /proc cannot tell.
    static func identity(of pid: pid_t) -> String? {
        guard let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat").map({ String(decoding: $0, as: UTF8.self) }),
              let boot = FileManager.default.contents(atPath: "/proc/sys/kernel/random/boot_id").map({ String(decoding: $0, as: UTF8.self) }),
              let nameEnd = stat.lastIndex(of: ")") else { return nil }
        // Field 2, the command name, is in parentheses and may hold spaces: count from the last ")".
        let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
        guard fields.count > 19 else { return nil }   // fields[0] is field 3, so field 22 is fields[19]
        return boot.trimmingCharacters(in: .whitespacesAndNewlines) + "/" + fields[19]
    }
}
