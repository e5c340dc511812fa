/// What a run would do, decided before anything runs: the guide's steps, and for every (step, host)
/// the exact commands and bytes, how the host is reached, and the secrets masked on every channel.
///
/// One value read by `plan` (text and `--json`), `plan -o`, `run --dry-run`, `run` and the journal:
/// what is reviewed is what runs. Made by `Planner.plan`; pure.
public struct Plan: Sendable {
    /// The guide read into steps (all of them, not-run blocks included, for the review).
    public let runbook: Runbook
    /// The inventory the plan was made against; nil for a review without `-i`.
    public let inventory: Inventory?
    /// What the run was narrowed to (`--from`, `--only`, `--hosts`).
    public let selection: Selection
    /// The steps that act on hosts, in run order, each with its (step, host) pairs (made when first read).
    public var steps: [PlannedStep] { planned.value }
    private let planned: Lazy<[PlannedStep]>
    /// Problems the inventory adds to the guide's own (`unbound-host`), in plan order.
    public let inventoryDiagnostics: [Diagnostic]
    private let redactor: Background<Redactor>

    init(runbook: Runbook, inventory: Inventory?, selection: Selection, steps: Lazy<[PlannedStep]>,
         inventoryDiagnostics: [Diagnostic], redactor: Background<Redactor>) {
        self.runbook = runbook
        self.inventory = inventory
        self.selection = selection
        self.planned = steps
        self.inventoryDiagnostics = inventoryDiagnostics
        self.redactor = redactor
    }

    /// Every diagnostic: the guide's, then the inventory's.
    public var diagnostics: [Diagnostic] {
        inventoryDiagnostics.isEmpty ? runbook.diagnostics : runbook.diagnostics + inventoryDiagnostics
    }

    /// The secrets this plan masks (`****`) wherever it is written: the inventory's `secrets:` and
    /// password-like values of the guide's YAML blocks and uploaded YAML files. Looked for on a thread
    /// of its own while the plan is used; the first read waits for it.
    public var secrets: Redactor { redactor.value }

    /// The hosts the run touches, in first-use order.
    public var hosts: [String] { steps.flatMap { $0.pairs.map(\.host) }.uniqued() }
}

/// What the run is narrowed to by the operator.
public struct Selection: Sendable, Equatable {
    /// Start at this step id (`--from`).
    public var from: String?
    /// Only this step id (`--only`).
    public var only: String?
    /// Only these hosts (`--hosts`); nil = all.
    public var hosts: Set<String>?

    public init(from: String? = nil, only: String? = nil, hosts: Set<String>? = nil) {
        self.from = from
        self.only = only
        self.hosts = hosts
    }
}

/// A step that acts on hosts, with what it does on each.
public struct PlannedStep: Sendable {
    public let step: Step
    /// One per host the run touches, in the step's host order; empty when `--hosts` leaves none.
    public let pairs: [PlannedPair]
}

/// One (step, host): how the host is reached and what is sent to it, in order.
public struct PlannedPair: Sendable {
    public let host: String
    /// How `host` is reached; nil without an inventory, or when the inventory does not bind it.
    public let binding: HostBinding?
    /// The host whose connection carries the commands: `host` itself, or for an `on:` binding its base.
    public let endpoint: String
    /// For an `on:` binding: the wrapper on the endpoint that the commands go through.
    public let wrap: String?
    /// The commands, in order; empty for a file kept with the run.
    public let commands: [PlannedCommand]
    /// For a file step without a destination: the content kept under the run's `files/`.
    public let kept: String?
}

/// One command of a (step, host): what is started, how it is labelled, what output it should print.
public struct PlannedCommand: Sendable, Equatable {
    /// What the step runs on its host: the interpreter and the step text on stdin (address rewrites applied).
    public var command: HostCommand
    /// True when the command runs in its host's session: it starts from the state the host's earlier
    /// steps left (working directory, variables, umask) and leaves its own for the next.
    public var session: Bool
    /// `L135` or `write /home/dcos/milvus.yaml`.
    public var label: String
    /// The documented output lines (empty: exit status only).
    public var documented: [String]
    /// The guide line of the command, and of its first documented output line.
    public var line: Int
    public var outputLine: Int
    /// The command as the guide shows it (prompt stripped), for reports.
    public var text: String
}

extension PlannedCommand {
    /// True when the command is shell text that leaves its end state for the host's next step; a
    /// python step or a file write starts from the session's state and changes none.
    public var recordsSession: Bool { session && command.argv == Planner.shell }
}
