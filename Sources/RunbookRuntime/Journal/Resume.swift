import Foundation
import RunbookCore

/// What a resumed run does with each (step, host) of the guide, decided from an earlier run's journal.
public struct ResumePlan: Sendable {
    /// The run being resumed.
    public var runID: String
    /// Pairs done with an unchanged step: skipped (step id → hosts).
    public var done: [String: Set<String>]
    /// Steps done before whose text changed since: run again.
    public var changed: [String]
    /// Pairs that started and never ended (the runner died): run again, reported as unknown.
    public var unknown: [(step: String, host: String)]
    /// Failed, interrupted or unreachable pairs: run again.
    public var failed: [(step: String, host: String)]

    /// Compares the earlier run's journal with the guide as it is now.
    /// `earlier`: the journals of the runs `journal`'s run resumed, oldest first (its `resumes` chain),
    /// so that a resume killed before it re-recorded every done pair loses none of them.
    public static func make(runID: String, journal: JournalRead, runbook: Runbook, earlier: [JournalRead] = []) -> ResumePlan {
        let stepsByID = Dictionary(uniqueKeysWithValues: runbook.steps.map { ($0.id, $0) })
        var plan = ResumePlan(runID: runID, done: [:], changed: [], unknown: [], failed: [])
        var changed = Set<String>()
        for pair in RunStore.pairs(in: (earlier + [journal]).flatMap(\.records)) {
            let succeeded = ["ok", "drift", "done"].contains(pair.status)
            guard let step = stepsByID[pair.step] else { continue }
            if succeeded && pair.hash == step.contentHash {
                plan.done[pair.step, default: []].insert(pair.host)
            } else if succeeded {
                if changed.insert(pair.step).inserted { plan.changed.append(pair.step) }
            } else if pair.status == "unknown" {
                plan.unknown.append((pair.step, pair.host))
            } else if pair.status != "skipped" {
                plan.failed.append((pair.step, pair.host))
            }
        }
        return plan
    }

    /// One line per kind for the operator.
    public var description: String {
        var lines = ["resuming run \(runID): \(done.values.map(\.count).reduce(0, +)) (step, host) pairs done and unchanged are skipped"]
        if !changed.isEmpty { lines.append("  changed since (run again): \(changed.joined(separator: ", "))") }
        if !unknown.isEmpty { lines.append("  unknown — in flight when the runner stopped (run again): " + unknown.map { "\($0.step)@\($0.host)" }.joined(separator: ", ")) }
        if !failed.isEmpty { lines.append("  failed or interrupted (run again): " + failed.map { "\($0.step)@\($0.host)" }.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}

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
