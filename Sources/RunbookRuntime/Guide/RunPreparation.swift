import Foundation
import RunbookCore

/// Everything `run` (and `plan`) does before the first connection: read the guide, the pinned plan
/// and the inventory, check that they allow a run, plan it, and read the run a resume continues.
/// Problems are thrown, never printed: an `InputError` (exit 2: usage, unreadable input) or a
/// `RunRefusal` (exit 3: the guide, the pin or the inventory says no). Nothing is contacted.
public struct RunPreparation: Sendable {
    /// The guide named on the command line; nil to take the pinned plan's.
    public var guidePath: String?
    /// The inventory named with `-i`; nil to take the pinned plan's, or none.
    public var inventoryPath: String?
    /// The pinned plan (`--plan`) the run must still match.
    public var pinnedPlanPath: String?
    /// `--from`, `--only`, `--hosts`.
    public var selection: Selection
    /// The earlier run to continue (`--resume`, `--resume-run`); nil for a fresh run.
    public var resume: ResumeRequest?
    /// Where runs are recorded (`--log-dir`): a run that starts later in the guide (`--from`, `--only`)
    /// takes its hosts' sessions from the latest run of the guide there.
    public var logDirectory: String = "logs"

    /// Which earlier run a resume continues, and where runs are recorded.
    public struct ResumeRequest: Sendable {
        /// The log directory as the operator named it (`--log-dir`).
        public var logDirectory: String
        /// The run to continue; nil for the latest run of the guide.
        public var runID: String?

        public init(logDirectory: String, runID: String? = nil) {
            self.logDirectory = logDirectory
            self.runID = runID
        }
    }

    public init(guidePath: String?, inventoryPath: String? = nil, pinnedPlanPath: String? = nil,
                selection: Selection = Selection(), resume: ResumeRequest? = nil) {
        self.guidePath = guidePath
        self.inventoryPath = inventoryPath
        self.pinnedPlanPath = pinnedPlanPath
        self.selection = selection
        self.resume = resume
    }

    /// What `plan` shows: the guide planned against the inventory when one is named (`plan.inventory`).
    /// Nothing is refused here: the review is where a reviewer reads the errors.
    public func review() throws -> Plan {
        let path = try guide(pinned: nil)
        let inventory = try inventoryPath.map(InventoryLoader.load)
        let runbook = try GuideLoader.load(path: path, inventory: inventory?.names)
        return Planner.plan(runbook, inventory: inventory, selection: selection)
    }

    /// What `run` runs, checked in the order an operator fixes things: the guide's name, the guide,
    /// its errors, the inventory (needed when the guide leaves the control machine), the pinned
    /// plan, the step ids of the selection, the hosts the inventory must bind, then the earlier run.
    public func prepare() throws -> PreparedRun {
        let pin = try pinnedPlanPath.map(PinnedPlan.read)
        let path = try guide(pinned: pin)
        // The inventory's names are read first, so that its groups bind the guide's scope words; a
        // problem with the file itself is reported in its turn, below.
        let early = (inventoryPath ?? pin?.inventory).flatMap { try? InventoryLoader.load(path: $0) }
        let runbook = try GuideLoader.load(path: path, inventory: early?.names)
        if runbook.diagnostics.hasErrors {
            throw RunRefusal(guide: path, diagnostics: runbook.diagnostics.filter { $0.severity == .error },
                             reason: "the guide has errors; `runbook plan \(path)` shows them in context")
        }
        let inventory = try early ?? inventory(for: runbook, guide: path, pinned: pin?.inventory)
        if let pin, let pinnedPlanPath {
            let changes = PinnedPlan.changes(since: pin, runbook: runbook, inventory: inventory.path.isEmpty ? nil : inventory,
                                             guideFolder: URL(fileURLWithPath: path).deletingLastPathComponent())
            if !changes.isEmpty {
                throw RunRefusal(guide: path, staleChanges: changes,
                                 reason: "\(pinnedPlanPath) no longer describes what would run; review again with `runbook plan \(path) -o \(pinnedPlanPath)`")
            }
        }
        for id in [selection.from, selection.only].compactMap({ $0 }) where !runbook.steps.contains(where: { $0.id == id }) {
            throw InputError("no step \(id) in \(path)", hint: "step ids are shown by `runbook plan \(path)` (e.g. 1.1/1)")
        }
        let plan = Planner.plan(runbook, inventory: inventory, selection: selection)
        let unresolved = plan.inventoryDiagnostics.filter { $0.code == .unresolvedHost }
        if !unresolved.isEmpty {
            throw RunRefusal(guide: path, diagnostics: unresolved,
                             reason: "the guide does not say which machines \(unresolved.count == 1 ? "a step runs" : "\(unresolved.count) steps run") on; bind them with the inventory's groups: or an annotation")
        }
        if !plan.inventoryDiagnostics.isEmpty {
            throw RunRefusal(guide: path, diagnostics: plan.inventoryDiagnostics,
                             reason: "the inventory must bind every host the plan runs on (it is the allowlist) and give every placeholder a value")
        }
        let resumed = try resume.map { try earlierRun($0, runbook: runbook, guide: path) }
        var prepared = PreparedRun(guidePath: path, plan: plan, resume: resumed?.plan, journalProblems: resumed?.problems ?? [])
        if let start = selection.from ?? selection.only {
            (prepared.sessions, prepared.unrestorable) = sessions(before: start, runbook: runbook, guide: path)
        }
        return prepared
    }

    /// The guide to read: the one named, else the pinned plan's.
    private func guide(pinned pin: PinnedPlan.Pin?) throws -> String {
        guard let path = guidePath ?? pin?.runbook else {
            throw InputError("name the guide to run, or a pinned plan with --plan", hint: "runbook run GUIDE -i INVENTORY")
        }
        return path
    }

    /// The inventory named (or pinned); without one, the control machine alone, when that is all the guide uses.
    private func inventory(for runbook: Runbook, guide: String, pinned: String?) throws -> Inventory {
        guard let path = inventoryPath ?? pinned else {
            let remote = runbook.steps.filter { $0.runs }.flatMap(\.hosts).filter { $0 != "local" }
            if remote.isEmpty { return .localOnly }
            throw InputError("this guide runs on \(Set(remote).count) host(s) besides the control machine (\(Array(Set(remote)).sorted().prefix(4).joined(separator: ", "))…), and no inventory was given",
                             hint: "pass -i hosts.yaml; `runbook inventory \(guide)` prints a skeleton")
        }
        return try InventoryLoader.load(path: path)
    }

    /// The sessions of the guide's recent runs (the deployment: full runs, resumes, repairs) as they
    /// stood before step `start`: a run from a later step starts where a full run would have been.
    private func sessions(before start: String, runbook: Runbook, guide: String) -> ([String: SessionState], [String]) {
        let store = RunStore(directory: URL(fileURLWithPath: resume?.logDirectory ?? logDirectory))
        let runs = store.runIDs().filter { store.info($0)?.runbook == guide }.prefix(50).reversed()   // oldest first
        let records = runs.compactMap { try? JournalReader.read(store.directory.appendingPathComponent($0).appendingPathComponent("journal.jsonl")) }
            .flatMap(\.records)
        let found = ResumePlan.sessions(before: start, in: runbook, pairs: RunStore.pairs(in: records))
        return (found.states, found.unrestorable)
    }

    /// The earlier run's resume plan and the problems found in its journal.
    private func earlierRun(_ request: ResumeRequest, runbook: Runbook, guide: String) throws -> (plan: ResumePlan, problems: [String]) {
        let store = RunStore(directory: URL(fileURLWithPath: request.logDirectory))
        guard let id = request.runID ?? store.latestRun(of: guide) else {
            throw InputError("no earlier run of \(guide) in \(request.logDirectory)/ to resume", hint: "run it without --resume, or pass --log-dir")
        }
        let directory = try store.resolve(id)
        let journal = try JournalReader.read(directory.appendingPathComponent("journal.jsonl"))
        let plan = ResumePlan.make(runID: directory.lastPathComponent, journal: journal, runbook: runbook,
                                   earlier: store.resumeChain(of: journal, id: directory.lastPathComponent))
        return (plan, journal.problems.map { "journal of \(id): \($0)" })
    }
}

/// A plan ready to run, with what a resume carries over from the earlier run.
public struct PreparedRun: Sendable {
    /// The guide the plan was made from (named, or the pinned plan's).
    public var guidePath: String
    public var plan: Plan
    /// What the resumed run already did; nil for a fresh run.
    public var resume: ResumePlan?
    /// Problems in the resumed run's journal (`journal of RUN: …`), for the operator; they do not stop the run.
    public var journalProblems: [String]
    /// The sessions the hosts start in, for a run from a later step (`--from`, `--only`).
    public var sessions: [String: SessionState] = [:]
    /// Secret session variables the journal masked, which the run cannot restore (`NAME@host`).
    public var unrestorable: [String] = []

    /// `options` with the pairs a resume skips and the run it continues.
    public func options(_ options: RunOptions) -> RunOptions {
        var options = options
        if let resume {
            options.done = resume.done
            options.resumes = resume.runID
            options.doneStates = resume.endStates
        }
        options.sessions = sessions
        return options
    }
}

/// Why `run` will not start (exit 3, SPEC §10), before any connection: the guide's errors, the
/// hosts the inventory does not bind, or what changed since the plan was pinned.
public struct RunRefusal: Error, Sendable {
    /// The guide, for diagnostics that name no other file.
    public var guide: String
    /// The diagnostics that refuse the run (errors of the guide, unbound hosts).
    public var diagnostics: [Diagnostic]
    /// What changed since the plan was pinned.
    public var staleChanges: [String]
    /// Why, in one sentence without the final full stop.
    public var reason: String
    public var exitCode: Int32 { 3 }

    public init(guide: String, diagnostics: [Diagnostic] = [], staleChanges: [String] = [], reason: String) {
        self.guide = guide
        self.diagnostics = diagnostics
        self.staleChanges = staleChanges
        self.reason = reason
    }

    /// The lines for stderr: each diagnostic in its one-line form, each change, then the refusal.
    public var lines: [String] {
        diagnostics.map { DiagnosticFormat.line($0, file: guide) }
            + staleChanges.map { "runbook: stale plan: \($0)" }
            + ["runbook: refused: \(reason). No connection was opened."]
    }
}
