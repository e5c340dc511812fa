import ArgumentParser
import Foundation
import RunbookCore
import RunbookRuntime

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a run's step × host matrix: verdicts, durations, exit codes.")

    @Argument(help: "The run id (default: the newest).")
    var runID: String?
    @Flag(help: "Print JSON.")
    var json = false
    @OptionGroup var logs: LogOptions

    func run() throws {
        let directory = try reportingFailures { try logs.store.resolve(runID) }
        let journal = try reportingFailures { try JournalReader.read(directory.appendingPathComponent("journal.jsonl")) }
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
