import ArgumentParser
import Foundation
import RunbookCore
import RunbookRuntime

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
            let directory = try reportingFailures { try logs.store.resolve(runID) }
            let journal = try reportingFailures { try JournalReader.read(directory.appendingPathComponent("journal.jsonl")) }
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
