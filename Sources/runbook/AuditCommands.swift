import ArgumentParser
import Foundation
import RunbookCore
import RunbookRuntime

/// `--log-dir`, shared by the commands that read runs.
struct LogOptions: ParsableArguments {
    @Option(help: "Where runs are recorded.")
    var logDir = "logs"

    var store: RunStore { RunStore(directory: URL(fileURLWithPath: logDir)) }
}

/// Runs `body`, turning an `InputError` into its message and exit code.
func reportingInputErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as InputError {
        Terminal.error(error)
        throw ExitCode(error.exitCode)
    }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "List runs, newest first: id, runbook, operator, start, duration, result, resumed-from.")

    @OptionGroup var logs: LogOptions

    func run() throws {
        let ids = logs.store.runIDs()
        if ids.isEmpty { Terminal.write("no runs in \(logs.logDir)/\n"); return }
        Terminal.write("RUN                    RUNBOOK                        OPERATOR  START                     DURATION  RESULT       RESUMES\n")
        for id in ids {
            guard let info = logs.store.info(id) else {
                Terminal.write("\(id.padded(22)) (unreadable journal)\n")
                continue
            }
            Terminal.write([id.padded(22), info.runbook.padded(30), info.operatorName.padded(9), info.start.padded(25),
                            duration(info).padded(9), info.result.padded(12), info.resumes ?? "-"].joined(separator: " ") + "\n")
        }
    }

    private func duration(_ info: RunInfo) -> String {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let end = info.end, let a = try? style.parse(info.start), let b = try? style.parse(end) else { return "-" }
        return String(format: "%.1fs", b.timeIntervalSince(a))
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a run's step × host matrix: verdicts, durations, exit codes.")

    @Argument(help: "The run id (default: the newest).")
    var runID: String?
    @Flag(help: "Print JSON.")
    var json = false
    @OptionGroup var logs: LogOptions

    func run() throws {
        let directory = try reportingInputErrors { try logs.store.resolve(runID) }
        let journal = try reportingInputErrors { try JournalReader.read(directory.appendingPathComponent("journal.jsonl")) }
        let pairs = RunStore.pairs(in: journal)
        let start = journal.events("run-start").first
        let end = journal.events("run-end").last
        if json {
            var out = JSONWriter()
            out.object { out in
                out.field("run", directory.lastPathComponent)
                out.field("runbook", start?["runbook"])
                out.field("operator", start?["operator"])
                out.field("start", start?["time"])
                out.field("end", end?["time"])
                out.field("result", end?["result"] ?? "unfinished")
                out.array("pairs") { out in
                    for pair in pairs {
                        out.object { out in
                            out.field("step", pair.step)
                            out.field("host", pair.host)
                            out.field("status", pair.status)
                            out.field("exit", pair.exit)
                            out.field("verdict", pair.verdict)
                            out.field("duration", pair.duration)
                            out.field("attempts", pair.attempts)
                        }
                    }
                }
            }
            Terminal.write(out.text + "\n")
            return
        }
        Terminal.write("run \(directory.lastPathComponent)  \(start?["runbook"] ?? "?")  by \(start?["operator"] ?? "?")@\(start?["control_host"] ?? "?")\n")
        Terminal.write("started \(start?["time"] ?? "?")  ended \(end?["time"] ?? "— (no end record: crashed or still running)")  result \(end?["result"] ?? "unfinished")\n")
        if let resumes = start?["resumes"] { Terminal.write("resumes \(resumes)\n") }
        Terminal.write("\nSTEP      HOST              STATUS       EXIT  VERDICT  ATTEMPTS  DURATION\n")
        for pair in pairs {
            Terminal.write([pair.step.padded(9), pair.host.padded(17), pair.status.padded(12), (pair.exit ?? "-").padded(5),
                            (pair.verdict ?? "-").padded(8), (pair.attempts ?? "-").padded(9), pair.duration.map { $0 + "s" } ?? "-"]
                .joined(separator: " ") + "\n")
        }
        for problem in journal.problems { Terminal.write("journal: \(problem)\n") }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check run journals.", subcommands: [VerifyCommand.self])

    struct VerifyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Check a journal's hash chain end to end; report any edited, removed, reordered or torn record.")

        @Argument(help: "The run id (default: the newest).")
        var runID: String?
        @OptionGroup var logs: LogOptions

        func run() throws {
            let directory = try reportingInputErrors { try logs.store.resolve(runID) }
            let journal = try reportingInputErrors { try JournalReader.read(directory.appendingPathComponent("journal.jsonl")) }
            if journal.problems.isEmpty {
                Terminal.write("ok: \(journal.records.count) records, hash chain intact (\(directory.lastPathComponent))\n")
                if journal.records.last?.event != "run-end" {
                    // The chain cannot tell a kill -9 from trailing records removed: say so.
                    Terminal.write("note: the journal ends without a run-end record: the run was killed, is still running, or its last records were removed\n")
                }
                if let last = journal.records.last {
                    Terminal.write("last record: seq \(last.seq); keep its hash elsewhere to detect later truncation: \(journal.lastHash)\n")
                }
                return
            }
            for problem in journal.problems { Terminal.write("\(directory.lastPathComponent): \(problem)\n") }
            throw ExitCode(1)
        }
    }
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write the executed document: the guide with each block's per-host verdicts, durations and output, as one HTML file.")

    @Argument(help: "The run id (default: the newest).")
    var runID: String?
    @Option(help: "The HTML file to write.")
    var html: String
    @OptionGroup var logs: LogOptions

    func run() throws {
        let directory = try reportingInputErrors { try logs.store.resolve(runID) }
        let journal = try reportingInputErrors { try JournalReader.read(directory.appendingPathComponent("journal.jsonl")) }
        let guidePath = journal.events("run-start").first?["runbook"] ?? ""
        let bytes = try reportingInputErrors { try GuideLoader.readFile(guidePath, what: "guide of the run") }
        // Secrets to mask come from the guide's YAML and uploaded files, read again.
        let runbook = try reportingInputErrors { try GuideLoader.load(path: guidePath) }
        let text = try reportingInputErrors {
            try Report.html(runDirectory: directory, guideText: String(decoding: bytes, as: UTF8.self), redactor: Redactor(runbook: runbook, inventory: nil))
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: html))
        } catch {
            Terminal.error(InputError("cannot write \(html): \(error.localizedDescription)"))
            throw ExitCode(2)
        }
        Terminal.write("wrote \(html) (run \(directory.lastPathComponent))\n")
    }
}
