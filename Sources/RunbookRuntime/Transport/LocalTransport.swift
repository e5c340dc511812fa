import Foundation
import RunbookCore

/// Runs commands on the control machine itself, each in a session of its own.
public struct LocalTransport: Transport {
    /// How long a process group gets between SIGTERM and SIGKILL when interrupted.
    public var gracePeriod: Duration
    /// Values masked as `****` in everything recorded.
    public var secrets: [String]
    /// Values found secret during the run (session variables), masked too.
    public var found: SecretBook?

    /// A transport for the control machine; `gracePeriod` separates SIGTERM from SIGKILL.
    public init(gracePeriod: Duration = .seconds(3), secrets: [String] = [], found: SecretBook? = nil) {
        self.gracePeriod = gracePeriod
        self.secrets = secrets
        self.found = found
    }

    public var description: String { "local" }

    public func commandLine(for command: HostCommand) -> [String] {
        command.argv
    }

    public func execute(_ command: HostCommand, log: URL, timeout: Duration?, captureLimit: Int) async -> ExecutionResult {
        let startedAt = Date()
        let recorder: OutputRecorder
        do {
            recorder = try OutputRecorder(log: log, captureLimit: captureLimit, secrets: secrets + (found?.values ?? []))
        } catch {
            return unrecordedFailure(error, startedAt: startedAt)
        }
        if Task.isCancelled {
            return recorder.result(outcome: .interrupted, startedAt: startedAt)
        }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(command.argv, input: Array(command.stdin.utf8))
        } catch {
            // As a shell reports a command it cannot run.
            recorder.appendNote("runbook: \(error)")
            return recorder.result(outcome: .exited(127), startedAt: startedAt)
        }
        let grace = gracePeriod
        let run = await supervise(child, timeout: timeout, consume: { recorder.append($0) },
                                  interrupt: { await terminateGroup(of: $0, grace: grace) })
        return recorder.result(outcome: outcome(of: run), startedAt: startedAt)
    }

    public func collect(_ command: HostCommand, timeout: Duration) async -> (outcome: ExecutionOutcome, output: [UInt8]) {
        let run = await runCollecting(command.argv, input: Array(command.stdin.utf8), timeout: timeout, limit: 1 << 20)
        return (run.outcome, run.bytes)
    }

    public func close() async {}
}

/// The result when not even the log could be opened: nothing ran, nothing was written.
func unrecordedFailure(_ error: SpawnError, startedAt: Date) -> ExecutionResult {
    let note = "runbook: \(error)"
    return ExecutionResult(outcome: .exited(126), startedAt: startedAt, endedAt: Date(), outputBytes: 0,
                           outputSHA256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                           captured: note, truncated: false)
}
