import Foundation
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

extension String {
    /// The text followed by spaces up to `width` characters, for columns of plain text.
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
