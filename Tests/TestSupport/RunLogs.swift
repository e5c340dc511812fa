import Foundation
import Testing

/// The run folders under a log folder (`logs/`), oldest first (run ids sort by time); lock files
/// and other dot files left out.
public func runDirectories(_ logs: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
}

/// The complete records of a journal's bytes (a torn last line is left out).
public func journalRecords(of data: Data) -> [[String: Any]] {
    data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
}

/// The records of the newest run's journal under `directory/logs`.
public func journalRecords(_ directory: URL) throws -> [[String: Any]] {
    let logs = directory.appending(path: "logs")
    // Thrown, not recorded: callers poll this (`Probe.eventually`) before the run has a folder.
    guard let run = runDirectories(logs).last else { throw NoRunYet(logs: logs.path) }
    return journalRecords(of: try Data(contentsOf: logs.appending(path: "\(run)/journal.jsonl")))
}

/// No run folder under `logs` (yet).
public struct NoRunYet: Error, CustomStringConvertible {
    public var logs: String
    public var description: String { "no run folder under \(logs)" }
}
