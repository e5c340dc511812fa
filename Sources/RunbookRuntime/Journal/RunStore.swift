import Foundation
import RunbookCore

/// A run as `runbook log` lists it.
public struct RunInfo: Sendable {
    public var id: String
    public var runbook: String
    public var runbookSHA256: String
    public var operatorName: String
    public var start: String
    public var end: String?
    public var result: String
    public var resumes: String?
    public var exitCode: String?
}

/// The state of one (step, host) pair as a journal records it.
public struct PairRecord: Sendable {
    public var step: String
    public var host: String
    /// The step's line in the guide (from its start record; 0 when unknown).
    public var line: Int = 0
    public var hash: String
    /// ok, drift, failed, unreachable, interrupted, skipped — or `unknown` when the pair started
    /// and the journal has no end for it (the runner died while it ran).
    public var status: String
    public var exit: String?
    public var duration: String?
    public var attempts: String?
    public var verdict: String?
    public var started: String?
    /// The host's session as the pair left it (secret values masked).
    public var endState: SessionState?
}

/// The runs under a log directory (`logs/RUN_ID/journal.jsonl`).
public struct RunStore: Sendable {
    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    /// Run ids, newest first.
    public func runIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).appendingPathComponent("journal.jsonl").path) }
            .sorted(by: >)
    }

    /// The run directory for an id, a path, or nil/`latest` (the newest run).
    public func resolve(_ name: String?) throws -> URL {
        if let name, name != "latest" {
            if FileManager.default.fileExists(atPath: name + "/journal.jsonl") { return URL(fileURLWithPath: name) }
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent("journal.jsonl").path) else {
                throw InputError("no run \(name) in \(directory.relativePath)/", hint: "`runbook log` lists the runs (or pass --log-dir)")
            }
            return url
        }
        guard let newest = runIDs().first else {
            throw InputError("no runs in \(directory.relativePath)/", hint: "runs are recorded by `runbook run`; pass --log-dir if they are elsewhere")
        }
        return directory.appendingPathComponent(newest)
    }

    /// The newest run of the guide at `runbookPath`, for `--resume`.
    public func latestRun(of runbookPath: String) -> String? {
        runIDs().first { info($0)?.runbook == runbookPath }
    }

    /// Summary of a run from its first and last records only (fast over many runs).
    public func info(_ id: String) -> RunInfo? {
        let url = directory.appendingPathComponent(id).appendingPathComponent("journal.jsonl")
        guard let (first, last) = Self.firstAndLastLine(url), let start = first, start.event == "run-start" else { return nil }
        let end = last?.event == "run-end" ? last : nil
        return RunInfo(id: id, runbook: start["runbook"] ?? "?", runbookSHA256: start["runbook_sha256"] ?? "",
                       operatorName: start["operator"] ?? "?", start: start["time"] ?? "?", end: end?["time"],
                       result: end?["result"] ?? "unfinished", resumes: start["resumes"], exitCode: end?["exit"])
    }

    /// The journals of the runs `journal` (run `id`) resumed, oldest first: what they did counts
    /// unless a later run redid it, so a resume killed before it re-recorded its done pairs loses none.
    public func resumeChain(of journal: JournalRead, id: String) -> [JournalRead] {
        var earlier: [JournalRead] = []
        var seen: Set<String> = [id]
        var next = journal.events("run-start").first?["resumes"]
        while let previous = next, seen.insert(previous).inserted, let folder = try? resolve(previous),
              let read = try? JournalReader.read(folder.appendingPathComponent("journal.jsonl")) {
            earlier.insert(read, at: 0)
            next = read.events("run-start").first?["resumes"]
        }
        return earlier
    }

    /// The latest state of every pair a journal mentions, in first-start order.
    public static func pairs(in journal: JournalRead) -> [PairRecord] { pairs(in: journal.records) }

    /// The latest state of every pair the records mention (records of several journals, oldest first).
    public static func pairs(in records: [JournalRecord]) -> [PairRecord] {
        var order: [String] = []
        var pairs: [String: PairRecord] = [:]
        for record in records where record.event == "step-start" || record.event == "step-end" {
            guard let step = record["step"], let host = record["host"] else { continue }
            let key = step + "\u{0}" + host
            if pairs[key] == nil { order.append(key) }
            if record.event == "step-start" {
                pairs[key] = PairRecord(step: step, host: host, line: Int(record["line"] ?? "") ?? 0, hash: record["hash"] ?? "",
                                        status: "unknown", started: record["time"])
            } else {
                var pair = pairs[key] ?? PairRecord(step: step, host: host, line: Int(record["line"] ?? "") ?? 0,
                                                    hash: record["hash"] ?? "", status: "unknown")
                pair.status = record["status"] ?? "unknown"
                pair.exit = record["exit"]
                pair.duration = record["duration"]
                pair.attempts = record["attempts"]
                pair.verdict = record["verdict"]
                pair.endState = record.states["state_end"]
                pairs[key] = pair
            }
        }
        return order.compactMap { pairs[$0] }
    }

    private static func firstAndLastLine(_ url: URL) -> (JournalRecord?, JournalRecord?)? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        guard let newline = head.firstIndex(of: UInt8(ascii: "\n")) else { return (nil, nil) }
        let first = parse(head[head.startIndex..<newline])
        let size = (try? handle.seekToEnd()) ?? 0
        let tailSize = min(size, 1 << 16)
        try? handle.seek(toOffset: size - tailSize)
        let tail = (try? handle.readToEnd()) ?? Data()
        let lines = tail.split(separator: UInt8(ascii: "\n"))
        return (first, lines.last.flatMap { parse($0) })
    }

    private static func parse(_ line: Data) -> JournalRecord? {
        (try? JSONSerialization.jsonObject(with: line) as? [String: Any]).map(JournalRecord.init)
    }
}
