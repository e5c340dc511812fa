import Foundation
import RunbookCore

/// How a run behaves (the `run` command's flags).
public struct RunOptions: Sendable {
    /// Hosts of one block running at once.
    public var forks = 10
    /// Go on after a failure instead of stopping.
    public var keepGoing = false
    /// DRIFT counts as failure.
    public var strict = false
    /// Where runs are recorded (`logs/`).
    public var logDirectory = URL(fileURLWithPath: "logs")
    /// Bytes of each command's output kept in memory for verification; the log keeps everything.
    public var captureLimit = 1 << 20
    /// The command line, for the journal.
    public var commandLine: [String] = []
    /// Pairs already done in an earlier run (step id → hosts), skipped by a resume.
    public var done: [String: Set<String>] = [:]
    /// The session each host starts the run in (from the journal, for `--resume`, `--from`, `--only`).
    public var sessions: [String: SessionState] = [:]
    /// The session each done pair left its host in (step id → host → state): a resume skips the pair
    /// and goes on from it, without running anything to rebuild it.
    public var doneStates: [String: [String: SessionState]] = [:]
    /// The run this one resumes.
    public var resumes: String? = nil
    /// Asked before each step starts (`--step`); false stops the run there.
    public var confirmStep: (@Sendable (Step) -> Bool)? = nil

    public init() {}
}

/// Something the operator should see while a run goes on.
public enum RunEvent: Sendable {
    case runStarted(id: String, directory: URL, steps: Int)
    case stepStarted(Step, index: Int, of: Int, hosts: [String])
    case attemptFailed(Step, host: String, attempt: Int, of: Int, why: String)
    case pairFinished(Step, PairResult)
    case stepSkipped(Step, why: String)
    case stopping(why: String)
}

/// Runs a plan: blocks in order, each block's hosts concurrently (bounded by `forks`), every
/// (step, host) verified and journaled; the first failure stops the run unless `keepGoing`.
/// It executes the `Plan` as it is: what runs on each host was decided by `Planner`, not here.
public struct Executor: Sendable {
    public let plan: Plan
    public let options: RunOptions
    public let onEvent: @Sendable (RunEvent) -> Void

    public init(plan: Plan, options: RunOptions, onEvent: @escaping @Sendable (RunEvent) -> Void) {
        self.plan = plan
        self.options = options
        self.onEvent = onEvent
    }

    var runbook: Runbook { plan.runbook }
    var inventory: Inventory { plan.inventory ?? .localOnly }

    /// A fresh run id that sorts by time, to the millisecond: `20261129T071500.123Z-03fa`.
    /// (Runs of one guide are serialised by the lock, so two of them never share a millisecond.)
    public static func newRunID(now: Date = Date()) -> String {
        let stamp = now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)
            .dateSeparator(.omitted).timeSeparator(.omitted).timeZoneSeparator(.omitted))
        return stamp + "-" + String(format: "%04x", UInt16.random(in: .min ... .max))
    }

    /// Runs the plan to the end, a failure, or cancellation (Ctrl-C). Never throws: every outcome is recorded.
    public func run(runID: String = Executor.newRunID()) async throws -> RunSummary {
        let directory = options.logDirectory.appendingPathComponent(runID)
        let files = FileLayout(directory: directory)
        try files.create()
        let redactor = plan.secrets
        do {
            try Data(redactor.mask(PlanJSON.render(plan)).utf8).write(to: files.plan)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw InputError("cannot write the run's plan to \(files.plan.path): \(error.localizedDescription)",
                             hint: "free space there, or pass --log-dir DIR; nothing was run")
        }
        chmod(files.plan.path, 0o600)
        let found = SecretBook()
        let journal = try Journal(url: files.journal, secrets: redactor, found: found)
        let sessions = SessionBook(runID: runID, seeded: Self.sessions(options.sessions, vars: inventory, hosts: plan.hosts))
        let planHash = GuideHash.sha256(Array((try? Data(contentsOf: files.plan)) ?? Data()))
        await journal.append("run-start", [
            "run": .string(runID),
            "operator": .string(ProcessInfo.processInfo.environment["SUDO_USER"] ?? NSUserName()),
            "control_host": .string(ProcessInfo.processInfo.hostName),
            "cwd": .string(FileManager.default.currentDirectoryPath),
            "argv": .strings(options.commandLine),
            "runbook": .string(runbook.path),
            "runbook_sha256": .string(runbook.sha256),
            "inventory": .string(inventory.path),
            "inventory_sha256": .string(inventory.sha256),
            "plan_sha256": .string(planHash),
            "resumes": options.resumes.map { .string($0) } ?? .null,
        ])
        let transports = Transports(inventory: inventory, controlDirectory: files.control, secrets: redactor.values, found: found)
        let steps = plan.steps
        onEvent(.runStarted(id: runID, directory: directory, steps: steps.count))

        var results: [PairResult] = []
        var stopped = false
        var journalFailure: String?
        var declined = false
        for (index, planned) in steps.enumerated() {
            let step = planned.step
            let hosts = planned.pairs.map(\.host)
            if hosts.isEmpty { continue }
            if stopped || Task.isCancelled {
                for host in hosts { results.append(skipped(step, host, files)) }
                continue
            }
            let done = options.done[step.id] ?? []
            let todo = hosts.filter { !done.contains($0) }
            for host in hosts where done.contains(host) {
                if let state = options.doneStates[step.id]?[host] { await sessions.set(state.withoutMaskedValues().0, of: host) }
                var result = skipped(step, host, files)
                result.status = .done
                results.append(result)
                // Recorded so that resuming this run knows the pair is done too.
                await journal.append("step-end", ["step": .string(step.id), "host": .string(host), "line": .int(step.line), "hash": .string(step.contentHash),
                                                   "status": .string("done"), "from_run": options.resumes.map { .string($0) } ?? .null])
            }
            if todo.isEmpty {
                onEvent(.stepSkipped(step, why: "done in run \(options.resumes ?? "?")"))
                continue
            }
            if let confirm = options.confirmStep, !confirm(step) {
                stopped = true
                declined = true
                onEvent(.stopping(why: "the operator declined \(step.id)"))
                for host in todo { results.append(skipped(step, host, files)) }
                continue
            }
            onEvent(.stepStarted(step, index: index + 1, of: steps.count, hosts: todo))
            let block = await runBlock(step, pairs: planned.pairs.filter { !done.contains($0.host) }, transports: transports,
                                       files: files, journal: journal, sessions: sessions, found: found)
            results += block
            if let failure = await journal.failure {
                stopped = true
                journalFailure = failure
                onEvent(.stopping(why: "the journal cannot be written (\(failure)); what runs next could not be recorded"))
            } else if Task.isCancelled || block.contains(where: { $0.status == .interrupted }) {
                stopped = true
                onEvent(.stopping(why: "interrupted"))
            } else if !options.keepGoing, let failed = block.first(where: { !$0.status.succeeded && $0.status != .skipped }) {
                stopped = true
                onEvent(.stopping(why: "\(failed.stepID) failed on \(failed.host)"))
            }
        }
        await transports.closeAll()
        let interrupted = Task.isCancelled || results.contains { $0.status == .interrupted }
        var summary = RunSummary(runID: runID, directory: directory, results: results, interrupted: interrupted)
        summary.journalFailure = journalFailure
        summary.declined = declined
        await journal.append("run-end", [
            "result": .string(interrupted ? "interrupted" : summary.exitCode == 0 ? "ok" : "failed"),
            "exit": .int(Int(summary.exitCode)),
            "pairs": .int(results.count),
            "failed": .int(results.filter { $0.status == .failed || $0.status == .unreachable }.count),
            "max_rss_kb": .int(Self.peakMemoryKB()),
        ])
        return summary
    }

    /// The sessions the hosts start in: as given (from the journal), over the inventory's `vars:`,
    /// which every host's session has exported from the start (`${TOKEN}` placeholders among them).
    static func sessions(_ seeded: [String: SessionState], vars inventory: Inventory, hosts: [String]) -> [String: SessionState] {
        var states = seeded
        for host in hosts {
            let vars = inventory.vars(for: host)
            guard !vars.isEmpty else { continue }
            var state = states[host] ?? .fresh
            for (name, value) in vars where SessionScript.isName(name) && state.variables[name] == nil {
                state.variables[name] = value
                state.exported.insert(name)
            }
            states[host] = state
        }
        return states
    }

    /// The runner's peak resident memory so far (for the journal; the 1 GB output bench reads it).
    static func peakMemoryKB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    private func skipped(_ step: Step, _ host: String, _ files: FileLayout) -> PairResult {
        PairResult(stepID: step.id, stepLine: step.line, host: host, status: .skipped, exitStatus: nil, attempts: 0,
                   startedAt: Date(), endedAt: Date(), log: files.relativeLog(step: step.id, host: host))
    }

    /// One block on its hosts, at most `forks` at once; after a failure no new host starts.
    private func runBlock(_ step: Step, pairs: [PlannedPair], transports: Transports, files: FileLayout, journal: Journal,
                          sessions: SessionBook, found: SecretBook) async -> [PairResult] {
        let failed = Flag()
        let hosts = pairs.map(\.host)
        return await withTaskGroup(of: PairResult.self) { group in
            var results: [PairResult] = []
            var pending = pairs[...]
            func startNext() -> Bool {
                guard let pair = pending.popFirst() else { return false }
                group.addTask {
                    if (await failed.isSet && !options.keepGoing) || Task.isCancelled { return skipped(step, pair.host, files) }
                    let result = await PairRunner(step: step, pair: pair, executor: self, transports: transports,
                                                  files: files, journal: journal, sessions: sessions, found: found).run()
                    if !result.status.succeeded { await failed.set() }
                    onEvent(.pairFinished(step, result))
                    return result
                }
                return true
            }
            for _ in 0..<max(1, options.forks) where startNext() {}
            while let result = await group.next() {
                results.append(result)
                _ = startNext()
            }
            let order = Dictionary(uniqueKeysWithValues: hosts.enumerated().map { ($1, $0) })
            return results.sorted { order[$0.host]! < order[$1.host]! }
        }
    }
}

/// A flag shared by the tasks of one block.
actor Flag {
    private(set) var isSet = false
    func set() { isSet = true }
}
