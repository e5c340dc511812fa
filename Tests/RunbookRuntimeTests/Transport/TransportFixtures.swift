import Foundation
import RunbookCore
import Testing
import TestSupport

// What the local and SSH transport tests both run and check.

/// `bash -euo pipefail -s` with `text` on stdin, as the executor runs a script step.
func bashStep(_ text: String) -> HostCommand {
    HostCommand(argv: ["bash", "-euo", "pipefail", "-s"], stdin: text)
}

/// A unique marker for process-table checks.
func uniqueMarker() -> String {
    "rbmark\(UUID().uuidString.prefix(12).lowercased())"
}

/// A step that leaves three sleepers named after `marker`: a foreground one, a background one and
/// a background one that ignores SIGTERM (so only SIGKILL ends it).
func sleepersStep(_ marker: String) -> HostCommand {
    bashStep("""
        (exec -a \(marker)-background sleep 300) &
        (trap '' TERM; exec -a \(marker)-stubborn sleep 300) &
        exec -a \(marker)-foreground sleep 300
        """)
}

/// The size of the file at `url`, in bytes.
func fileSize(_ url: URL) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
}

/// The SHA-256 of the file at `url` (sha256sum), in hex.
func sha256Hex(of url: URL) throws -> String {
    String(try Probe.run(["sha256sum", url.path]).output.prefix(64))
}
