import Foundation
import RunbookCore

/// What happened to one (step, host) pair.
public enum PairStatus: String, Sendable, Codable {
    case ok, drift, failed, unreachable, interrupted
    /// Not started: an earlier failure stopped the run, or `--hosts`/resume left it out.
    case skipped
    /// Done in an earlier run (resume).
    case done

    /// True for outcomes that let the run go on.
    public var succeeded: Bool { self == .ok || self == .drift || self == .done }
}

/// The record of one (step, host) pair.
public struct PairResult: Sendable {
    public var stepID: String
    public var stepLine: Int
    public var host: String
    public var status: PairStatus
    public var exitStatus: Int32?
    public var attempts: Int
    public var startedAt: Date
    public var endedAt: Date
    /// The output log, relative to the working directory.
    public var log: String
    public var outputSHA256: String?
    /// The mismatch report or failure explanation shown to the operator.
    public var report: String?
    public var verdict: Verdict?

    public var duration: Double { endedAt.timeIntervalSince(startedAt) }
}

/// What a whole run did.
public struct RunSummary: Sendable {
    public var runID: String
    public var directory: URL
    public var results: [PairResult]
    public var interrupted: Bool
    /// Set when the journal could not be written and the run stopped for it.
    public var journalFailure: String? = nil
    /// Set when the operator declined a step (`--step`): the run stopped on purpose, short of the end.
    public var declined = false

    /// SPEC section 10: 130 interrupted, 4 a host unreachable, 1 a step failed, else 0; a journal
    /// that cannot be written is an unwritable output, 2; a step the operator declined is refused, 3.
    public var exitCode: Int32 {
        if interrupted { return 130 }
        if journalFailure != nil { return 2 }
        if declined && !results.contains(where: { !$0.status.succeeded && $0.status != .skipped }) { return 3 }
        if results.contains(where: { $0.status == .unreachable }) { return 4 }
        if results.contains(where: { $0.status == .failed }) { return 1 }
        return 0
    }
}
