import ArgumentParser
import Foundation
import RunbookCore
import RunbookRuntime

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a guide: blocks in order, each block's hosts in parallel over OpenSSH, every step verified; stop on the first failure.")

    @Argument(help: "The Markdown guide (optional with --plan).")
    var file: String?
    @Option(name: [.short, .long], help: "The inventory file (YAML): the only hosts runbook may contact.")
    var inventory: String?
    @Option(help: "Run exactly this pinned plan (from `plan -o`); refuse if the guide, the inventory or an uploaded file changed.")
    var plan: String?
    @Option(help: "Hosts of one block running at once.")
    var forks = 10
    @Flag(help: "Run on after a failure; the recap shows everything.")
    var keepGoing = false
    @Option(help: "Only these hosts (comma-separated).")
    var hosts: String?
    @Flag(help: "Treat DRIFT (minor output differences) as failure.")
    var strict = false
    @Flag(help: "Show the plan and, per (step, host), the exact command line and bytes; open no connection.")
    var dryRun = false
    @Flag(name: [.short, .long], help: "Do not ask before starting (required without a terminal).")
    var yes = false
    @Option(help: "Where runs are recorded.")
    var logDir = "logs"
    @Flag(help: "Continue the latest run of this guide: skip (step, host) pairs done with unchanged text, run the rest.")
    var resume = false
    @Option(name: .customLong("resume-run"), help: "Continue this run instead of the latest (implies --resume).")
    var resumeRun: String?
    @Option(help: "Start at this step id (e.g. 2.1/3).")
    var from: String?
    @Option(help: "Run only this step id.")
    var only: String?
    @Flag(help: "Ask before each step (needs a terminal).")
    var step = false

    func run() async throws {
        // A closed stdout (`runbook run … | tee log` with tee gone) is a failed write, not a SIGPIPE
        // that would kill the runner between a step's start and its record.
        signal(SIGPIPE, SIG_IGN)
        let pin = try plan.map { path in try reportingInputErrors { try PinnedPlan.read(path) } }
        guard let guidePath = file ?? pin?.runbook else {
            Terminal.error(InputError("name the guide to run, or a pinned plan with --plan", hint: "runbook run GUIDE -i INVENTORY"))
            throw ExitCode(2)
        }
        var guide = GuideOptions()
        guide.file = guidePath
        let runbook = try loadGuide(guide.file)
        if runbook.diagnostics.hasErrors {
            refuse(runbook.diagnostics.filter { $0.severity == .error }, file: guide.file,
                   why: "the guide has errors; `runbook plan \(guide.file)` shows them in context")
        }
        let inventory = try loadInventory(for: runbook, guide: guide, pinned: pin?.inventory)
        if let pin {
            let changes = PinnedPlan.changes(since: pin, runbook: runbook, inventory: inventory.path.isEmpty ? nil : inventory,
                                             guideFolder: URL(fileURLWithPath: guide.file).deletingLastPathComponent())
            if !changes.isEmpty {
                for change in changes { Terminal.errorLine("runbook: stale plan: \(change)") }
                Terminal.errorLine("runbook: refused: \(plan ?? "") no longer describes what would run; review again with `runbook plan \(guide.file) -o \(plan ?? "plan.json")`. No connection was opened.")
                throw ExitCode(3)
            }
        }
        let onlyHosts = hosts.map { Set($0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
        for id in [from, only].compactMap({ $0 }) where !runbook.steps.contains(where: { $0.id == id }) {
            Terminal.error(InputError("no step \(id) in \(guide.file)", hint: "step ids are shown by `runbook plan \(guide.file)` (e.g. 1.1/1)"))
            throw ExitCode(2)
        }
        let plan = Planner.plan(runbook, inventory: inventory, selection: Selection(from: from, only: only, hosts: onlyHosts))
        if !plan.inventoryDiagnostics.isEmpty {
            refuse(plan.inventoryDiagnostics, file: guide.file, why: "the inventory must bind every host the plan runs on (it is the allowlist)")
        }
        var options = RunOptions()
        options.forks = max(1, forks)
        options.keepGoing = keepGoing
        options.strict = strict
        options.logDirectory = URL(fileURLWithPath: logDir)
        options.commandLine = CommandLine.arguments
        if step {
            guard isatty(0) == 1 else {
                Terminal.errorLine("runbook: refused: --step asks before each step and needs a terminal.")
                throw ExitCode(3)
            }
            options.confirmStep = { step in
                Terminal.write("\nrun \(step.id) (L\(step.line), \(step.kind.rawValue) on \(step.hosts.joined(separator: ", ")))? [y/N] ")
                return ["y", "yes"].contains(readLine()?.lowercased() ?? "")
            }
        }
        if resume || resumeRun != nil {
            let plan = try resumePlan(runbook, guide: guide)
            options.done = plan.done
            options.resumes = plan.runID
            Terminal.write(plan.description + "\n")
        }
        let executor = Executor(plan: plan, options: options, onEvent: RunReporter.shared.handle)

        if dryRun {
            Terminal.write(PlanRenderer(color: Terminal.colorStdout).render(plan))
            Terminal.write(DryRun.render(plan))
            return
        }
        try confirm(plan, guide: guide)
        let lock = try reportingInputErrors { try RunLock(logDirectory: options.logDirectory, runbookPath: guide.file) }
        defer { lock.release() }
        if let note = lock.removedStale { Terminal.errorLine("runbook: " + note) }
        // From here on stdout carries progress only: the journal is the record.
        Terminal.progressOnly = true
        let summary: RunSummary
        do {
            summary = try await Interrupts.run { try await executor.run() }
        } catch let error as InputError {
            Terminal.error(error)
            throw ExitCode(error.exitCode)
        }
        Terminal.write(RunReporter.recap(summary))
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }

    private func resumePlan(_ runbook: Runbook, guide: GuideOptions) throws -> ResumePlan {
        let store = RunStore(directory: URL(fileURLWithPath: logDir))
        guard let id = resumeRun ?? store.latestRun(of: guide.file) else {
            Terminal.error(InputError("no earlier run of \(guide.file) in \(logDir)/ to resume", hint: "run it without --resume, or pass --log-dir"))
            throw ExitCode(2)
        }
        let directory = try reportingInputErrors { try store.resolve(id) }
        let journal = try reportingInputErrors { try JournalReader.read(directory.appendingPathComponent("journal.jsonl")) }
        for problem in journal.problems { Terminal.errorLine("runbook: journal of \(id): \(problem)") }
        return ResumePlan.make(runID: directory.lastPathComponent, journal: journal, runbook: runbook,
                               earlier: store.resumeChain(of: journal, id: directory.lastPathComponent))
    }

    private func loadInventory(for runbook: Runbook, guide: GuideOptions, pinned: String?) throws -> Inventory {
        guard let inventory = inventory ?? pinned else {
            let remote = runbook.steps.filter { $0.runs }.flatMap(\.hosts).filter { $0 != "local" }
            if remote.isEmpty { return .localOnly }
            Terminal.error(InputError("this guide runs on \(Set(remote).count) host(s) besides the control machine (\(Array(Set(remote)).sorted().prefix(4).joined(separator: ", "))…), and no inventory was given",
                                      hint: "pass -i hosts.yaml; `runbook inventory \(guide.file)` prints a skeleton"))
            throw ExitCode(2)
        }
        do {
            return try InventoryLoader.load(path: inventory)
        } catch let error as InputError {
            Terminal.error(error)
            throw ExitCode(error.exitCode)
        }
    }

    private func refuse(_ diagnostics: [Diagnostic], file: String, why: String) -> Never {
        for d in diagnostics {
            Terminal.errorLine("\(d.file ?? file):\(d.line): \(d.severity.rawValue): [\(d.code)] \(d.message)\n  hint: \(d.hint)")
        }
        Terminal.errorLine("runbook: refused: \(why). No connection was opened.")
        Foundation.exit(3)
    }

    private func confirm(_ plan: Plan, guide: GuideOptions) throws {
        if yes { return }
        let steps = plan.steps
        let hostCount = plan.hosts.count
        guard isatty(0) == 1 else {
            Terminal.errorLine("runbook: refused: no terminal to confirm on; review with `runbook plan \(guide.file)` and pass --yes to run \(steps.count) steps on \(hostCount) hosts.")
            throw ExitCode(3)
        }
        Terminal.write("Run \(steps.count) steps of \(guide.file) on \(hostCount) hosts? [y/N] ")
        guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
            Terminal.errorLine("runbook: not started.")
            throw ExitCode(3)
        }
    }
}
