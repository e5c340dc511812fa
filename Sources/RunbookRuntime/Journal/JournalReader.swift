import Foundation
import RunbookCore

/// One journal record read back; scalar fields as text (arrays joined by spaces).
public struct JournalRecord: Sendable {
    public var seq: Int
    public var event: String
    public var fields: [String: String]
    /// Session states the record carries (`state`, `state_end`).
    public var states: [String: SessionState] = [:]

    public subscript(_ key: String) -> String? { fields[key] }

    init(_ object: [String: Any]) {
        seq = object["seq"] as? Int ?? -1
        event = object["event"] as? String ?? ""
        var fields: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let s as String: fields[key] = s
            case let n as NSNumber: fields[key] = n.stringValue
            case let list as [Any]: fields[key] = list.map { "\($0)" }.joined(separator: " ")
            case let object as [String: Any]: if let state = SessionState(journal: object) { states[key] = state }
            default: break
            }
        }
        self.fields = fields
    }
}

/// A journal read back: its records, and what is wrong with the chain if anything.
public struct JournalRead: Sendable {
    /// Parsed records in file order (a torn last line is not among them).
    public var records: [JournalRecord]
    /// Problems found, each naming the sequence number it concerns.
    public var problems: [String]
    /// True when the last line was cut off mid-write (a crash): reported by `audit verify`; resume goes on.
    public var tornTail: Bool
    /// sha256 of the last complete line: what the next record would point back to.
    public var lastHash: String

    /// Records of one event kind.
    public func events(_ name: String) -> [JournalRecord] { records.filter { $0.event == name } }
}

/// Reads journals and checks their hash chain (`runbook audit verify`).
public enum JournalReader {
    /// Reads `url`, checking that every record's `seq` follows the previous one and its `prev`
    /// is the sha256 of the previous line.
    public static func read(_ url: URL) throws -> JournalRead {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InputError("cannot read the journal \(url.path)", hint: "name a run from `runbook log`")
        }
        let bytes = [UInt8](data)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var tornTail = false
        var problems: [String] = []
        if let last = lines.last, last.isEmpty { lines.removeLast() } else if !lines.isEmpty { tornTail = true }
        var records: [JournalRecord] = []
        var previousHash = Journal.genesis
        var expected = 1
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                if isLast && tornTail {
                    problems.append("record \(expected): torn (cut off mid-write, e.g. by a crash); \(line.count) bytes ignored")
                } else {
                    problems.append("record \(expected): not valid JSON (edited or corrupted)")
                }
                previousHash = GuideHash.sha256(Array(line))
                expected += 1
                continue
            }
            if isLast && tornTail { tornTail = false }   // a complete record that only lacks its newline
            let seq = object["seq"] as? Int ?? -1
            if seq != expected {
                if seq > expected {
                    problems.append("record \(expected)\(seq - expected > 1 ? "–\(seq - 1)" : ""): missing (the next record is \(seq))")
                } else {
                    problems.append("record \(seq): out of order (expected \(expected))")
                }
            }
            if let prev = object["prev"] as? String, prev != previousHash, seq == expected || seq > expected {
                let before = seq - 1
                problems.append(seq > expected ? "record \(seq): its prev hash does not match record \(expected - 1) (records removed)"
                                               : "record \(before): edited (record \(seq)'s prev hash no longer matches it)")
            }
            previousHash = GuideHash.sha256(Array(line))
            expected = max(expected, seq) + 1
            records.append(JournalRecord(object))
        }
        return JournalRead(records: records, problems: problems, tornTail: tornTail, lastHash: previousHash)
    }
}
