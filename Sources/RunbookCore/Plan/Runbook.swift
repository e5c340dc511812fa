/// A guide read into steps, host facts and diagnostics: everything `plan` shows and `run` executes.
public struct Runbook: Sendable, Equatable {
    /// The path as given on the command line.
    public var path: String
    /// sha256 of the file's bytes, hex.
    public var sha256: String
    /// Hosts described by the guide's own tables.
    public var inventory: [InventoryHost]
    public var steps: [Step]
    public var diagnostics: [Diagnostic]
    /// Values the guide expects its reader to fill in, where they occur.
    public var placeholders: [Placeholder] = []

    public init(path: String, sha256: String, inventory: [InventoryHost], steps: [Step],
                diagnostics: [Diagnostic]) {
        self.path = path
        self.sha256 = sha256
        self.inventory = inventory
        self.steps = steps
        self.diagnostics = diagnostics
    }

    /// Every host a step runs on, in first-use order, `local` included when used.
    public var hosts: [String] {
        steps.flatMap(\.hosts).uniqued()
    }
}

/// A host described by a table in the guide (`hostname ip id role`).
public struct InventoryHost: Sendable, Equatable, Codable {
    public var name: String
    public var address: String
    public var role: String
    /// The table row's line.
    public var line: Int

    public init(name: String, address: String, role: String, line: Int) {
        self.name = name
        self.address = address
        self.role = role
        self.line = line
    }
}

/// Which rule decided a host (SPEC section 2, strongest first; `heading`, `scope` and `unresolved`
/// extend §4's list, see docs/DECISIONS.md).
public enum HostSource: String, Sendable, Codable {
    case annotation, comment, prompt, prose
    /// A heading over the block that names a machine (`#### Master`, `## node1`, `### On the master node`).
    case heading
    /// A scope stated for the document, a section, or after the blocks it covers.
    case scope
    case `default`
    /// Nothing resolves the machines the guide speaks of: the step has no host, and `run` refuses it.
    case unresolved
}

/// A host with the evidence that put it on a step.
public struct HostTag: Sendable, Equatable, Codable {
    /// Address where known, else the name as written; `local` is the control machine.
    public var host: String
    public var source: HostSource
    /// The line of the evidence.
    public var line: Int
    /// The words that named it (`29.16.21.73~29.16.21.74`, `80节点`, `root@rootcoord`).
    public var evidence: String

    public init(host: String, source: HostSource, line: Int, evidence: String) {
        self.host = host
        self.source = source
        self.line = line
        self.evidence = evidence
    }
}

/// What a step is.
public enum StepKind: String, Sendable, Codable {
    /// Shell lines, all run.
    case script
    /// Prompted commands with documented output.
    case transcript
    /// A YAML block: written to a destination, never run.
    case file
    /// Run with `python3 -`.
    case python
    /// A host table: facts, never run.
    case inventory
    /// Not run (another language, or annotated `skip`).
    case skipped
    /// A file the prose says to upload to hosts.
    case upload
}

/// One command of a step: a logical shell command (continuations and heredocs kept whole) or a
/// transcript command with its documented output.
public struct Command: Sendable, Equatable, Codable {
    /// The line of the command's first line.
    public var line: Int
    /// The host this command is for when the block names one per segment or per prompt; nil = all step hosts.
    public var host: String?
    /// The exact text that runs (prompt stripped).
    public var text: String
    /// Documented output lines (transcripts), possibly empty.
    public var expect: [String]
    /// The prompt as written, for transcripts (`root@rootcoord:/milvus#`).
    public var prompt: String?

    public init(line: Int, host: String?, text: String, expect: [String] = [], prompt: String? = nil) {
        self.line = line
        self.host = host
        self.text = text
        self.expect = expect
        self.prompt = prompt
    }
}

/// How a step's output is checked.
public struct VerifyPolicy: Sendable, Equatable, Codable {
    /// `auto` (exit status + documented output), `exit`, `lines`, `contains`, `regex`, `http`.
    public var mode: String
    /// Attempts allowed (1 = no retry).
    public var attempts: Int
    /// Seconds between attempts.
    public var every: Double
    /// Seconds per attempt; nil = no limit.
    public var timeout: Double?
    /// DRIFT counts as failure.
    public var strict: Bool
    /// Why retries apply (`heading "1.3 服务验证"`, `annotation L120`), nil when they do not.
    public var retryReason: String?

    public init(mode: String = "auto", attempts: Int = 1, every: Double = 2, timeout: Double? = nil,
                strict: Bool = false, retryReason: String? = nil) {
        self.mode = mode
        self.attempts = attempts
        self.every = every
        self.timeout = timeout
        self.strict = strict
        self.retryReason = retryReason
    }
}

/// One block of the guide as something to run (or deliberately not run).
public struct Step: Sendable, Equatable {
    /// Stable id: section number (or heading slug) + block ordinal, e.g. `1.1/1`.
    public var id: String
    /// The heading the block sits under (`1.1 准备工作`).
    public var section: String
    /// The fence's opening line.
    public var line: Int
    /// The block's language as written (`bash`, `yaml`, ``).
    public var lang: String
    public var kind: StepKind
    /// Hosts the step runs on, in order.
    public var hosts: [String]
    /// The rule that decided the hosts.
    public var hostSource: HostSource
    /// Every host with its evidence (also prose that agreed or disagreed).
    public var hostTags: [HostTag]
    public var commands: [Command]
    /// For file and upload steps: the content written and where it goes.
    public var file: FileSpec?
    public var verify: VerifyPolicy
    /// sha256 over what the step does (kind, hosts, commands, expectations, file content); used by resume.
    public var contentHash: String
    /// Why a step does not run (`not run: language \`text\``), or other words for the reviewer.
    public var note: String?
    /// False when annotated `session=fresh`: the step starts from a fresh login and leaves the host's
    /// session as it was.
    public var inSession = true
    /// How the kind was guessed from the content when the label did not say (`shell (unlabelled)`).
    public var inferred: String?
    /// The line of the block that prose labels as this step's output ("Output:"), when there is one.
    public var outputBlock: Int?
    /// What the step inherits from its hosts' sessions that matters to it (`cwd /opt/app from 1/1 L7`,
    /// `APP_VER from 1/1 L8`), as read from the guide.
    public var inherits: [String] = []

    public init(id: String, section: String, line: Int, lang: String, kind: StepKind, hosts: [String],
                hostSource: HostSource, hostTags: [HostTag], commands: [Command], file: FileSpec? = nil,
                verify: VerifyPolicy = VerifyPolicy(), contentHash: String = "") {
        self.id = id
        self.section = section
        self.line = line
        self.lang = lang
        self.kind = kind
        self.hosts = hosts
        self.hostSource = hostSource
        self.hostTags = hostTags
        self.commands = commands
        self.file = file
        self.verify = verify
        self.contentHash = contentHash
    }

    /// True for steps that execute something on their hosts.
    public var runs: Bool { kind == .script || kind == .transcript || kind == .python }

    /// The commands that apply to `host`: its own segment plus the ones for every host.
    public func commands(for host: String) -> [Command] {
        commands.filter { $0.host == nil || $0.host == host }
    }
}

/// A file a step writes: its content and destination.
public struct FileSpec: Sendable, Equatable, Codable {
    /// Destination path on the hosts; nil = kept under the run's `files/` folder.
    public var destination: String?
    /// The bytes written (for a yaml block, the block; for an upload, the source file's path).
    public var content: String
    /// For uploads: the source file relative to the guide.
    public var source: String?
    /// Where the destination came from (`annotation L7`, `prose L123`).
    public var destinationSource: String?
    /// True when the content is added to the file (once) rather than replacing it.
    public var append = false
    /// The mode the guide states (`0600`); nil: an existing file keeps its own, a new one gets 0644.
    public var mode: String?

    public init(destination: String?, content: String, source: String? = nil, destinationSource: String? = nil) {
        self.destination = destination
        self.content = content
        self.source = source
        self.destinationSource = destinationSource
    }
}
