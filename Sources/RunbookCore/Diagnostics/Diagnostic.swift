/// A problem found in a guide, an inventory or a plan: data, never an exception.
public struct Diagnostic: Sendable, Equatable {
    /// How serious a diagnostic is. Errors make `run` refuse before any connection.
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning, note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    /// A stable code from the catalogue (`host-conflict`, `file-mismatch`, …).
    public var code: DiagnosticCode
    /// 1-based line in the file the diagnostic is about.
    public var line: Int
    public var message: String
    /// What to do about it.
    public var hint: String
    /// The file it is about when that is not the guide itself (an inventory, say).
    public var file: String?

    /// A diagnostic of `code` with the code's severity (or `severity`, for a code whose weight depends
    /// on what needs it) and its hint unless a more precise one is given.
    public init(_ code: DiagnosticCode, severity: Severity? = nil, line: Int, _ message: String, hint: String? = nil,
                file: String? = nil) {
        self.severity = severity ?? code.severity
        self.code = code
        self.line = line
        self.message = message
        self.hint = hint ?? code.hint
        self.file = file
    }
}

/// Every diagnostic runbook reports, with its usual severity and a hint for when the site has no
/// better one. The list is the contract (`plan --json`'s `code`): codes are added, never renamed.
public enum DiagnosticCode: String, Sendable, CaseIterable, CustomStringConvertible {
    // Hosts
    case hostConflict = "host-conflict"
    case hostCountMismatch = "host-count-mismatch"
    case unresolvedHost = "unresolved-host"
    case unboundHost = "unbound-host"
    case unknownGroup = "unknown-group"
    case hostComment = "host-comment"
    case ambiguousPromptHost = "ambiguous-prompt-host"
    case remoteCommand = "remote-command"
    // Files
    case missingFile = "missing-file"
    case fileMismatch = "file-mismatch"
    case unresolvedUpload = "unresolved-upload"
    case fileFromEditor = "file-from-editor"
    case fileFromTranscript = "file-from-transcript"
    case fileAddedToShared = "file-added-to-shared"
    // Blocks
    case invalidYAML = "invalid-yaml"
    case pythonSyntax = "python-syntax"
    case pythonUnchecked = "python-unchecked"
    case unterminatedFence = "unterminated-fence"
    case unlabelledBlock = "unlabelled-block"
    // Annotations
    case invalidAnnotation = "invalid-annotation"
    case danglingAnnotation = "dangling-annotation"
    // Sessions
    case unsetVariable = "unset-variable"
    case placeholder = "placeholder"
    case unboundPlaceholder = "unbound-placeholder"

    public var description: String { rawValue }

    /// How serious this code usually is (`missing-file` is an error where a step needs the file).
    public var severity: Diagnostic.Severity {
        switch self {
        case .hostConflict, .hostCountMismatch, .unboundHost, .invalidYAML, .pythonSyntax, .invalidAnnotation, .unboundPlaceholder: .error
        case .missingFile, .fileMismatch, .unterminatedFence, .danglingAnnotation, .unsetVariable, .placeholder,
             .unknownGroup, .hostComment, .ambiguousPromptHost: .warning
        case .unresolvedHost, .unresolvedUpload, .pythonUnchecked, .unlabelledBlock, .remoteCommand, .fileFromEditor,
             .fileFromTranscript, .fileAddedToShared: .note
        }
    }

    /// What to do about it, in general; sites that know more say more.
    public var hint: String {
        switch self {
        case .hostConflict: "make the guide's host evidence agree, or pin the hosts with <!-- runbook: hosts=… --> before the block"
        case .hostCountMismatch: "fix the count or the host list; runbook will not guess which one is right"
        case .unresolvedHost: "bind the host in the inventory (hosts: NAME: { ssh: \"user@address\" })"
        case .unboundHost: "add the host under hosts: in the inventory (ssh:, on:/wrap:, or local: true)"
        case .unknownGroup: "name the machines in the inventory's groups: (GROUP: [HOST, …]), or pin the blocks with <!-- runbook: hosts=… -->"
        case .hostComment: "make the comment say only where to run (`# on HOST`), or pin the block with <!-- runbook: hosts=… -->"
        case .ambiguousPromptHost: "give the prompts the machines' own names, or pin each block with <!-- runbook: hosts=… -->"
        case .remoteCommand: "to run those commands as steps of their own on that host, put them in a block for it"
        case .missingFile: "add the file next to the guide, or fix the link"
        case .fileMismatch: "make the command and the section's link name the same file"
        case .unresolvedUpload: "pin the hosts with <!-- runbook: hosts=… --> right before this paragraph"
        case .fileFromEditor: "runbook writes the content instead of starting an editor; if the lines are to be added to the file, annotate <!-- runbook: append -->"
        case .fileFromTranscript: "if the guide only shows the file and something else writes it, annotate <!-- runbook: skip --> before the block"
        case .fileAddedToShared: "to replace the whole file instead, annotate <!-- runbook: file=PATH --> before the block"
        case .invalidYAML: "fix the YAML; it is written to its hosts as is"
        case .pythonSyntax: "fix the syntax; the block runs with `python3 -` on its host"
        case .pythonUnchecked: "install python3 where you run `runbook plan`, or check the blocks by hand"
        case .unterminatedFence: "close the block with a matching fence line"
        case .unlabelledBlock: "label the fence `console` (or `bash`) to run it"
        case .invalidAnnotation: "see SPEC section 5 for the keys and the values each takes"
        case .danglingAnnotation: "put it directly before the block it is for, or right after a heading for the whole section"
        case .unsetVariable: "set it in an earlier block on the same host, or give it in the inventory's vars:"
        case .placeholder: "give it a value in the inventory's vars: (globally, or per host)"
        case .unboundPlaceholder: "add it under vars: in the inventory (or under the host's own vars:)"
        }
    }
}

extension [Diagnostic] {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
