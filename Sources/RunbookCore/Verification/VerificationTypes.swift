/// The outcome of verifying one command's output on one host (SPEC §8).
public enum Verdict: String, Sendable, Codable {
    /// Everything the guide shows was seen (after holes, elisions, unordered groups).
    case pass
    /// Only minor lines differ (versions, column widths, extra lines): a warning; a failure with `--strict`.
    case drift
    /// The command failed, an anchor line is missing or changed, or an error signature appeared.
    case fail
}

/// Which exit statuses count as success.
public enum ExitExpectation: Sendable, Equatable, Codable {
    /// Only 0 (the default).
    case zero
    /// Any of these codes.
    case codes([Int32])
    /// Anything but 0.
    case nonzero
    /// Exit status is not checked.
    case any

    /// True when `status` is acceptable.
    public func accepts(_ status: Int32) -> Bool {
        switch self {
        case .zero: return status == 0
        case .codes(let codes): return codes.contains(status)
        case .nonzero: return status != 0
        case .any: return true
        }
    }

    /// Human wording for reports (`0`, `1 or 2`, `non-zero`, `any`).
    public var description: String {
        switch self {
        case .zero: return "0"
        case .codes(let codes): return codes.map(String.init).joined(separator: " or ")
        case .nonzero: return "non-zero"
        case .any: return "any"
        }
    }
}

/// How to verify a command's output.
public struct VerificationOptions: Sendable {
    /// `auto` (default, zero-annotation inference), `exit` (exit status only), `lines` (strict
    /// line-by-line with holes), `contains` (every documented line appears somewhere), `regex`
    /// (each documented line is a regex that must match some actual line), `http` (force HTTP comparison).
    public var mode: String
    /// DRIFT counts as FAIL.
    public var strict: Bool
    /// Which exit statuses count as success (annotation `exit=`).
    public var exit: ExitExpectation

    /// Options with the defaults of SPEC §8: `auto`, not strict, exit status 0.
    public init(mode: String = "auto", strict: Bool = false, exit: ExitExpectation = .zero) {
        self.mode = mode
        self.strict = strict
        self.exit = exit
    }
}

/// One line of the documented-vs-actual diff.
public struct DiffLine: Sendable, Equatable, Codable {
    /// What happened to the line; each kind has its marker in the report.
    public enum Kind: String, Sendable, Codable {
        /// ` ` identical on both sides.
        case equal
        /// `~` matched through a typed hole or an ignored (volatile) header.
        case hole
        /// `-` documented but not seen.
        case missing
        /// `+` printed but not documented.
        case extra
        /// `…` covered by an elision line.
        case elided
        /// `≈` differs in a way that is only drift (whitespace, version, soft header, minor column).
        case drift
        /// `↕` matched, but out of documented order (unordered group).
        case moved
        /// `·` printed, not documented, and irrelevant by rule (extra HTTP headers, undocumented body).
        case ignored
    }

    /// What happened to the line.
    public var kind: Kind
    /// 1-based position in the documented lines passed to `OutputMatcher.verify`, nil for actual-only lines.
    public var documentedLine: Int?
    /// 1-based line of the actual output, nil for documented-only lines.
    public var actualLine: Int?
    /// The documented text, when there is a documented side.
    public var documented: String?
    /// The actual text, when there is an actual side.
    public var actual: String?
    /// Why (hole values, changed column, elision marker …).
    public var note: String?

    /// Makes a diff line.
    public init(_ kind: Kind, documentedLine: Int? = nil, actualLine: Int? = nil, documented: String? = nil,
                actual: String? = nil, note: String? = nil) {
        self.kind = kind
        self.documentedLine = documentedLine
        self.actualLine = actualLine
        self.documented = documented
        self.actual = actual
        self.note = note
    }
}

/// A typed hole that matched: the documented value and what stood in its place today.
public struct HoleMatch: Sendable, Equatable, Codable {
    /// The volatile class (`http-date`, `duration`, …) or `header` for an ignored volatile header.
    public var kind: String
    /// The value shown in the guide.
    public var documented: String
    /// The value printed today.
    public var actual: String
    /// 1-based position in the documented lines.
    public var documentedLine: Int
    /// 1-based line in the actual output.
    public var actualLine: Int

    /// Makes a hole match.
    public init(kind: String, documented: String, actual: String, documentedLine: Int, actualLine: Int) {
        self.kind = kind
        self.documented = documented
        self.actual = actual
        self.documentedLine = documentedLine
        self.actualLine = actualLine
    }
}

/// Everything a report or a journal needs about one verification.
public struct VerificationResult: Sendable, Equatable, Codable {
    /// PASS, DRIFT or FAIL (after `strict`).
    public var verdict: Verdict
    /// Why the verdict is not PASS: failures first, then drift (prefixed `drift: `). Empty on PASS.
    public var reasons: [String]
    /// Documented vs actual, with line numbers on both sides. Empty for exit-status failures and `exit` mode.
    public var diff: [DiffLine]
    /// Typed holes that matched, with both values.
    public var holes: [HoleMatch]
    /// Decisions worth telling the reader that did not affect the verdict (body not compared, …).
    public var notes: [String]
    /// The command as written in the guide.
    public var command: String
    /// How the output was compared: `exit`, `empty`, `lines`, `contains`, `regex`, `http`, `table`, `auto`.
    public var method: String
    /// The exit status seen.
    public var exitStatus: Int32
    /// What exit status was expected.
    public var expectedExit: ExitExpectation
    /// True when the verdict is FAIL because of the exit status (the report then shows the output tail).
    public var failedOnExitStatus: Bool
    /// The last (up to 20) normalised lines of actual output.
    public var outputTail: [String]
    /// How many documented lines were passed in (to print the documented range).
    public var documentedLineCount: Int

    /// Makes a result.
    public init(verdict: Verdict, reasons: [String] = [], diff: [DiffLine] = [], holes: [HoleMatch] = [],
                notes: [String] = [], command: String = "", method: String = "auto", exitStatus: Int32 = 0,
                expectedExit: ExitExpectation = .zero, failedOnExitStatus: Bool = false,
                outputTail: [String] = [], documentedLineCount: Int = 0) {
        self.verdict = verdict
        self.reasons = reasons
        self.diff = diff
        self.holes = holes
        self.notes = notes
        self.command = command
        self.method = method
        self.exitStatus = exitStatus
        self.expectedExit = expectedExit
        self.failedOnExitStatus = failedOnExitStatus
        self.outputTail = outputTail
        self.documentedLineCount = documentedLineCount
    }
}

/// What a comparison found, before `strict` and the verdict are applied.
struct Findings {
    var failures: [String] = []
    var drifts: [String] = []
    var notes: [String] = []
    var diff: [DiffLine] = []
    var holes: [HoleMatch] = []

    mutating func absorb(_ other: Findings) {
        failures += other.failures
        drifts += other.drifts
        notes += other.notes
        diff += other.diff
        holes += other.holes
    }
}
