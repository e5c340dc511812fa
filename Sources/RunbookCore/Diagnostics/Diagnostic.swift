/// A problem found in a guide, an inventory or a plan: data, never an exception.
public struct Diagnostic: Sendable, Equatable, Codable {
    /// How serious a diagnostic is. Errors make `run` refuse before any connection.
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning, note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    /// A stable code (`host-conflict`, `file-mismatch`, …).
    public var code: String
    /// 1-based line in the file the diagnostic is about.
    public var line: Int
    public var message: String
    /// What to do about it.
    public var hint: String
    /// The file it is about when that is not the guide itself (an inventory, say).
    public var file: String?

    public init(_ severity: Severity, _ code: String, line: Int, _ message: String, hint: String,
                file: String? = nil) {
        self.severity = severity
        self.code = code
        self.line = line
        self.message = message
        self.hint = hint
        self.file = file
    }
}

extension [Diagnostic] {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
