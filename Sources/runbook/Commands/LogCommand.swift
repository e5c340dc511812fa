import ArgumentParser
import Foundation
import RunbookCore
import RunbookRuntime

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
