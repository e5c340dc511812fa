import Foundation
import RunbookRuntime

/// Where the CLI writes: stdout for results, stderr for errors; colour only on a TTY without NO_COLOR.
enum Terminal {
    static var colorStdout: Bool { isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
    static var colorStderr: Bool { isatty(2) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ error: InputError) {
        let label = colorStderr ? "\u{1B}[1;31mrunbook: error:\u{1B}[0m " : "runbook: error: "
        FileHandle.standardError.write(Data((label + error.description + "\n").utf8))
    }
}
