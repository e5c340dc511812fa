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

    mutating func validate() throws {
        // A closed stdout (`runbook run … | tee log` with tee gone) is a failed write, not a SIGPIPE
        // that would kill the runner between a step's start and its record. Set here, since validate()
        // is the first of this command to run and may already write.
        signal(SIGPIPE, SIG_IGN)
        if file == nil && plan == nil {
            try FlagProblem(exitCode: 2) {
                Terminal.error(InputError("name the guide to run, or a pinned plan with --plan", hint: "runbook run GUIDE -i INVENTORY"))
            }.raise(in: Self.self)
        }
        if step && isatty(0) != 1 {
            try FlagProblem(exitCode: 3) {
                Terminal.errorLine("runbook: refused: --step asks before each step and needs a terminal.")
            }.raise(in: Self.self)
        }
        if resumeRun != nil { resume = true }
    }

    /// What the run needs read and checked before anything runs.
    var preparation: RunPreparation {
        let onlyHosts = hosts.map { Set($0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
        var preparation = RunPreparation(guidePath: file, inventoryPath: inventory, pinnedPlanPath: plan,
                                         selection: Selection(from: from, only: only, hosts: onlyHosts),
                                         resume: resume ? .init(logDirectory: logDir, runID: resumeRun) : nil)
        preparation.logDirectory = logDir
        return preparation
    }

    func run() async throws {
        let prepared = try reportingFailures { try preparation.prepare() }
        for problem in prepared.journalProblems { Terminal.errorLine("runbook: " + problem) }
        if let resume = prepared.resume { Terminal.write(resume.description + "\n") }
        if !prepared.sessions.isEmpty {
            Terminal.write("sessions from the latest run: " + prepared.sessions.keys.sorted().joined(separator: ", ") + "\n")
        }
        if !prepared.unrestorable.isEmpty {
            Terminal.write("secret session variables are not journaled, so not restored (give them in the inventory's vars:): "
                           + prepared.unrestorable.joined(separator: ", ") + "\n")
        }
        let plan = prepared.plan
        if dryRun {
            Terminal.write(plan.secrets.mask(PlanRenderer(color: Terminal.colorStdout).render(plan)))
            Terminal.write(DryRun.render(plan))
            return
        }
        try confirm(plan, guide: prepared.guidePath)
        let options = prepared.options(runOptions)
        let lock = try reportingFailures { try RunLock(logDirectory: options.logDirectory, runbookPath: prepared.guidePath) }
        defer { lock.release() }
        if let note = lock.removedStale { Terminal.errorLine("runbook: " + note) }
        // From here on stdout carries progress only: the journal is the record.
        Terminal.progressOnly = true
        let executor = Executor(plan: plan, options: options, onEvent: RunReporter.shared.handle)
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

    /// The options given on the command line (a resume adds its own through `PreparedRun.options`).
    private var runOptions: RunOptions {
        var options = RunOptions()
        options.forks = max(1, forks)
        options.keepGoing = keepGoing
        options.strict = strict
        options.logDirectory = URL(fileURLWithPath: logDir)
        options.commandLine = CommandLine.arguments
        if step {
            options.confirmStep = { step in
                Terminal.write("\nrun \(step.id) (L\(step.line), \(step.kind.rawValue) on \(step.hosts.joined(separator: ", ")))? [y/N] ")
                return ["y", "yes"].contains(readLine()?.lowercased() ?? "")
            }
        }
        return options
    }

    /// Asks before starting unless `--yes`; without a terminal to ask on, refuses (exit 3).
    private func confirm(_ plan: Plan, guide: String) throws {
        if yes { return }
        let steps = plan.steps
        let hostCount = plan.hosts.count
        guard isatty(0) == 1 else {
            Terminal.errorLine("runbook: refused: no terminal to confirm on; review with `runbook plan \(guide)` and pass --yes to run \(steps.count) steps on \(hostCount) hosts.")
            throw ExitCode(3)
        }
        Terminal.write("Run \(steps.count) steps of \(guide) on \(hostCount) hosts? [y/N] ")
        guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
            Terminal.errorLine("runbook: not started.")
            throw ExitCode(3)
        }
    }
}
