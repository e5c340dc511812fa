import Foundation
import RunbookCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a process was stopped before it finished on its own.
enum StopReason: Sendable {
    case timedOut
    case cancelled
}

/// What one supervised process did.
struct SupervisedRun: Sendable {
    /// The raw wait status of the process.
    var waitStatus: Int32
    /// Set when the runner stopped the process (timeout or cancellation of the calling task).
    var stopReason: StopReason?
}

/// Runs `child` to completion, streaming its output to `consume`; on a timeout or when the
/// calling task is cancelled, runs `interrupt` (which must make the process exit) first.
func supervise(_ child: ChildProcess, timeout: Duration?,
               consume: @escaping @Sendable (UnsafeRawBufferPointer) -> Void,
               interrupt: @escaping @Sendable (ChildProcess) async -> Void) async -> SupervisedRun {
    async let drained: Void = child.streamOutput(consume)
    let reason: StopReason? = await withTaskGroup(of: StopReason?.self) { group in
        group.addTask {
            _ = await child.waitForExit()
            return nil
        }
        group.addTask {
            do {
                if let timeout {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                }
                while true { try await Task.sleep(for: .seconds(3600)) }
            } catch {
                return .cancelled
            }
        }
        let first = await group.next() ?? nil
        if first != nil {
            // The calling task may be cancelled; the interruption's own waits must not be.
            await Task { await interrupt(child) }.value
        }
        group.cancelAll()
        return first
    }
    let status = await child.waitForExit()
    await drained
    return SupervisedRun(waitStatus: status, stopReason: reason)
}

/// The local half of every interruption: SIGTERM to the process group, then SIGKILL to whatever
/// is left of it after `grace`.
func terminateGroup(of child: ChildProcess, grace: Duration) async {
    guard child.groupIsAlive else { return }
    child.signalGroup(SIGTERM)
    if await waitUntil(within: grace, { !child.groupIsAlive }) { return }
    child.signalGroup(SIGKILL)
    _ = await waitUntil(within: .seconds(5), { !child.groupIsAlive })
}

/// Polls `condition` every 20 ms until it holds or `limit` passes; returns whether it held.
func waitUntil(within limit: Duration, _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while !condition() {
        if clock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return true
}

/// The outcome of a run, given how the process ended and whether the runner stopped it.
func outcome(of run: SupervisedRun) -> ExecutionOutcome {
    switch run.stopReason {
    case .timedOut: .timedOut
    case .cancelled: .interrupted
    case nil: outcome(ofWaitStatus: run.waitStatus)
    }
}
