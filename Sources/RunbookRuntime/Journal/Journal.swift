import Foundation
import RunbookCore

/// One value of a journal record, written in a fixed key order.
public enum JournalValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case strings([String])
    /// An object, its keys in this order.
    case object([(String, JournalValue)])
    case null

    public static func == (lhs: JournalValue, rhs: JournalValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.strings(let a), .strings(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        case (.null, .null): true
        default: false
        }
    }
}

/// The append-only, hash-chained run journal (`logs/RUN_ID/journal.jsonl`, SPEC section 9).
///
/// One JSON line per event, written with a single `write(2)` and fsynced before `append` returns,
/// so a kill -9 loses nothing that was recorded. Each record carries the sha256 of the previous
/// line, so any edit, removal or reordering breaks the chain (`runbook audit verify`).
public actor Journal {
    public let url: URL
    private let descriptor: Int32
    private var sequence: Int
    private var previousHash: String
    private let secrets: Redactor
    /// Values found secret during the run (session variables), masked too.
    let found: SecretBook?
    /// Why the journal could not be written (a full disk, say), after which nothing more is appended:
    /// the run must stop, since what it does next could not be recorded.
    public private(set) var failure: String?

    /// The hash a first record points back to.
    public static let genesis = String(repeating: "0", count: 64)

    /// Creates (0600) or continues the journal at `url`.
    public init(url: URL, secrets: Redactor) throws {
        try self.init(url: url, secrets: secrets, found: nil)
    }

    init(url: URL, secrets: Redactor, found: SecretBook?) throws {
        self.url = url
        self.secrets = secrets
        self.found = found
        let existing = (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
        let lines = existing.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        sequence = lines.count
        previousHash = lines.last.map { GuideHash.sha256(Array($0)) } ?? Self.genesis
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw InputError("cannot write the journal \(url.path): \(String(cString: strerror(errno)))", hint: "check the log directory's permissions", exitCode: 2)
        }
    }

    deinit { close(descriptor) }

    /// Appends one record (`seq`, `time`, `event`, then `fields`, then `prev`) and fsyncs it.
    @discardableResult
    public func append(_ event: String, _ fields: KeyValuePairs<String, JournalValue> = [:]) -> Int {
        guard failure == nil else { return sequence }
        sequence += 1
        let extra = found?.values ?? []
        let secrets = extra.isEmpty ? self.secrets : Redactor(values: self.secrets.values + extra)
        func put(_ key: String, _ value: JournalValue, _ json: inout JSONWriter) {
            switch value {
            case .string(let s): json.field(key, secrets.mask(s))
            case .int(let i): json.field(key, i)
            case .double(let d): json.field(key, (d * 1000).rounded() / 1000)
            case .bool(let b): json.field(key, b)
            case .strings(let list): json.strings(key, list.map(secrets.mask))
            case .object(let members): json.object(key) { json in for (k, v) in members { put(secrets.mask(k), v, &json) } }
            case .null: json.field(key, nil as String?)
            }
        }
        var json = JSONWriter(pretty: false)
        json.object { json in
            json.field("seq", sequence)
            json.field("time", Self.timestamp(Date()))
            json.field("event", event)
            for (key, value) in fields { put(key, value, &json) }
            json.field("prev", previousHash)
        }
        var line = json.output
        let hash = GuideHash.sha256(line)
        line.append(UInt8(ascii: "\n"))
        let before = lseek(descriptor, 0, SEEK_END)
        let error: Int32? = line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return written < 0 ? errno : ENOSPC }
                offset += written
            }
            return fsync(descriptor) == 0 ? nil : errno
        }
        if let error {
            // Never leave half a record: cut back to where this one started, and stop appending.
            if before >= 0 { _ = ftruncate(descriptor, before) }
            failure = "\(url.path): \(String(cString: strerror(error)))"
            sequence -= 1
            return sequence
        }
        previousHash = hash
        return sequence
    }

    /// ISO 8601 in UTC with milliseconds; sorts as text.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
