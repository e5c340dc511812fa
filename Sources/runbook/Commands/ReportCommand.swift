import ArgumentParser
import Foundation
import RunbookCore
import RunbookRuntime

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write the executed document: the guide with each block's per-host verdicts, durations and output, as one HTML file.")

    @Argument(help: "The run id (default: the newest).")
    var runID: String?
    @Option(help: "The HTML file to write.")
    var html: String
    @OptionGroup var logs: LogOptions

    func run() throws {
        let directory = try reportingFailures { try logs.store.resolve(runID) }
        let journal = try reportingFailures { try JournalReader.read(directory.appendingPathComponent("journal.jsonl")) }
        let guidePath = journal.events("run-start").first?["runbook"] ?? ""
        let bytes = try reportingFailures { try GuideLoader.readFile(guidePath, what: "guide of the run") }
        // Secrets to mask come from the guide's YAML and uploaded files, read again.
        let runbook = try reportingFailures { try GuideLoader.load(path: guidePath) }
        let text = try reportingFailures {
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
