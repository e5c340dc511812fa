import Foundation
import RunbookCore
import RunbookRuntime

/// Prints run progress as plain lines (one per event), then the recap.
final class RunReporter: Sendable {
    static let shared = RunReporter()
    private let started = Date()

    private var elapsed: String { String(format: "%.1fs", Date().timeIntervalSince(started)) }

    func handle(_ event: RunEvent) {
        switch event {
        case .runStarted(let id, let directory, let steps):
            Terminal.write("run \(id): \(steps) steps, journal and output in \(directory.relativePath)/\n")
        case .stepStarted(let step, let index, let count, let hosts):
            Terminal.write("\n" + Terminal.paint("[\(index)/\(count)] \(step.id)", "1") + "  L\(step.line)  \(step.kind.rawValue) on \(hosts.count) host\(hosts.count == 1 ? "" : "s"): \(hosts.joined(separator: ", "))  " + Terminal.paint("elapsed \(elapsed)", "2") + "\n")
        case .attemptFailed(_, let host, let attempt, let of, let why):
            Terminal.write("  … \(host): attempt \(attempt)/\(of) not yet: \(why.split(separator: "\n").first ?? "")\n")
        case .pairFinished(_, let result):
            let mark: String
            switch result.status {
            case .ok, .done: mark = Terminal.paint("✓", "32")
            case .drift: mark = Terminal.paint("≈", "33")
            case .skipped: mark = "-"
            default: mark = Terminal.paint("✗", "31")
            }
            var line = "  \(mark) \(result.host.padding(toLength: 16, withPad: " ", startingAt: 0)) \(result.status.rawValue)"
            line += String(format: "  %.2fs", result.duration)
            if result.attempts > 1 { line += "  \(result.attempts) attempts" }
            if let exit = result.exitStatus, exit != 0 { line += "  exit \(exit)" }
            Terminal.write(line + "\n")
            if !result.status.succeeded || result.status == .drift, let report = result.report {
                Terminal.write(report.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n") + "\n")
                Terminal.write("      log: \(result.log)\n")
            }
        case .stepSkipped(let step, let why):
            Terminal.write("\n- \(step.id)  L\(step.line)  skipped: \(why)\n")
        case .stopping(let why):
            Terminal.write("\n" + Terminal.paint("stopping: \(why); nothing new starts", "31") + "\n")
        }
    }

    /// The step × host table at the end of a run.
    static func recap(_ summary: RunSummary) -> String {
        var out = "\nRecap of run \(summary.runID)\n"
        var byStep: [(String, Int, [PairResult])] = []
        for result in summary.results {
            if let index = byStep.firstIndex(where: { $0.0 == result.stepID }) { byStep[index].2.append(result) }
            else { byStep.append((result.stepID, result.stepLine, [result])) }
        }
        for (id, line, results) in byStep {
            out += "  \(id.padding(toLength: 8, withPad: " ", startingAt: 0)) L\(String(line).padding(toLength: 5, withPad: " ", startingAt: 0))"
            out += results.map { r in
                let time = r.status == .skipped || r.status == .done ? "" : String(format: " %.1fs", r.duration)
                return "\(r.host) \(r.status.rawValue)\(time)"
            }.joined(separator: " · ") + "\n"
        }
        let counts = Dictionary(grouping: summary.results, by: \.status).mapValues(\.count)
        out += "  " + PairStatus.allOrdered.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
        out += "  → exit \(summary.exitCode)\n"
        return out
    }
}

extension PairStatus {
    static let allOrdered: [PairStatus] = [.ok, .drift, .done, .failed, .unreachable, .interrupted, .skipped]
}
