import Foundation
import RunbookCore
import RunbookRuntime

/// Where the CLI writes: stdout for results, stderr for errors; colour only on a TTY without NO_COLOR.
enum Terminal {
    static var colorStdout: Bool { isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
    static var colorStderr: Bool { isatty(2) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    /// Writes `text` to stdout. When stdout fails (a full disk, a closed pipe under `run`), a command
    /// that only prints says so and exits 2; `run`, whose record is the journal, says so once and goes
    /// on without stdout rather than leave a step half done (see `progressOnly`).
    static func write(_ text: String) {
        outputLock.lock()
        defer { outputLock.unlock() }
        guard !outputFailed else { return }
        do {
            try write([Array(text.utf8)])
        } catch let failure as InputError {
            outputFailed = true
            if progressOnly {
                error(InputError(failure.message + "; the run goes on, its progress only in the journal",
                                 hint: "runbook show prints it afterwards"))
            } else {
                error(failure)
                Foundation.exit(2)
            }
        } catch {}
    }

    /// Set by `run`: stdout carries progress only, so losing it must not stop the run.
    nonisolated(unsafe) static var progressOnly = false
    nonisolated(unsafe) private static var outputFailed = false
    private static let outputLock = NSLock()

    /// Writes `pieces` to stdout one after the other, as they are: no String, no Data, no joining.
    /// `write(2)` until all is written, retrying on EINTR and waiting while a non-blocking stdout is full.
    static func write(_ pieces: [[UInt8]]) throws {
        for piece in pieces {
            try piece.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                    if written >= 0 {
                        offset += written
                    } else if errno == EAGAIN {
                        var stdout = pollfd(fd: 1, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&stdout, 1, -1)
                    } else if errno != EINTR {
                        throw InputError("cannot write to stdout: \(String(cString: strerror(errno)))")
                    }
                }
            }
        }
    }

    static func error(_ error: InputError) {
        let label = colorStderr ? "\u{1B}[1;31mrunbook: error:\u{1B}[0m " : "runbook: error: "
        errorLine(label + error.description)
    }
}

extension Terminal {
    /// Writes a line to stderr with write(2). A stderr that cannot be written (a closed pipe, a full
    /// disk) loses the line, and nothing else: FileHandle's write would stop the process there.
    static func errorLine(_ text: String) {
        Array((text + "\n").utf8).withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { return }
            }
        }
    }

    static func paint(_ text: String, _ code: String, stderr: Bool = false) -> String {
        (stderr ? colorStderr : colorStdout) ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Ctrl-C: the first SIGINT (or SIGTERM) cancels the run, whose transports stop what runs
/// (SIGTERM, then SIGKILL) on every host; the journal records it and the exit code is 130.
enum Interrupts {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Terminal.errorLine("\nrunbook: interrupted — stopping what runs on every host…")
                task.cancel()
            }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        return try await task.value
    }
}

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
