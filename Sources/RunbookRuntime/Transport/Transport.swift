import Foundation
import RunbookCore

/// How one execution ended.
public enum ExecutionOutcome: Sendable, Equatable {
    /// The program exited with this status.
    case exited(Int32)
    /// The program was killed by this signal.
    case signaled(Int32)
    /// The host could not be reached (ssh exit 255 before the command started); the text says why.
    case unreachable(String)
    /// Cancelled by the runner (Ctrl-C or a timeout): the process group got SIGTERM, then SIGKILL.
    case interrupted
    /// The per-attempt time limit ran out; handled like `interrupted` but recorded as a timeout.
    case timedOut
}

/// The record of one execution: outcome, times and what it printed.
public struct ExecutionResult: Sendable, Equatable {
    public var outcome: ExecutionOutcome
    public var startedAt: Date
    public var endedAt: Date
    /// Every byte of stdout+stderr (combined, in order) was appended to the log file; this is how many.
    public var outputBytes: Int
    /// sha256 (hex) of every byte written to the log for this execution.
    public var outputSHA256: String
    /// The first `captureLimit` bytes of output, decoded as UTF-8 (for verification and display).
    public var captured: String
    /// True when the output was longer than `captured`.
    public var truncated: Bool

    public init(outcome: ExecutionOutcome, startedAt: Date, endedAt: Date, outputBytes: Int,
                outputSHA256: String, captured: String, truncated: Bool) {
        self.outcome = outcome
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outputBytes = outputBytes
        self.outputSHA256 = outputSHA256
        self.captured = captured
        self.truncated = truncated
    }
}

/// A way to run commands on one host. One instance per host for a whole run.
public protocol Transport: Sendable {
    /// A human-readable description of how the host is reached (`ssh root@127.0.0.2:2201`, `local`).
    var description: String { get }
    /// The exact command line that `execute` would start for `command` (for `run --dry-run`).
    func commandLine(for command: HostCommand) -> [String]
    /// Runs `command`, appending its combined output to `log` (created 0600 if missing) in constant memory.
    /// Cancelling the calling task sends SIGTERM to the whole process tree (on the remote host too),
    /// then SIGKILL after a grace period, and returns `.interrupted`.
    func execute(_ command: HostCommand, log: URL, timeout: Duration?, captureLimit: Int) async -> ExecutionResult
    /// Runs a short bookkeeping command (reading a session record back): no log, its output (stdout
    /// and stderr, at most 1 MiB) kept in memory and returned.
    func collect(_ command: HostCommand, timeout: Duration) async -> (outcome: ExecutionOutcome, output: [UInt8])
    /// Closes what the transport holds open (the ssh ControlMaster).
    func close() async
}
