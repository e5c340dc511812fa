@testable import RunbookCore

/// Shorthand: verify `actual` against documented lines with default (auto) options.
func check(_ documented: [String], _ actual: String, exit: Int32 = 0, mode: String = "auto",
           strict: Bool = false, command: String = "cmd") -> VerificationResult {
    OutputMatcher.verify(command: command, documented: documented, actual: actual, exitStatus: exit,
                         options: VerificationOptions(mode: mode, strict: strict))
}
