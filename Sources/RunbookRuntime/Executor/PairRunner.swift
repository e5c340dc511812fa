import Foundation
import RunbookCore

/// Runs one step on one host: its commands in order, each verified (and retried when the plan says
/// so), every attempt appended to `out/STEP@HOST.log` and the outcome to the journal.
struct PairRunner {
    let step: Step
    let pair: PlannedPair
    let executor: Executor
    let transports: Transports
    let files: FileLayout
    let journal: Journal
    let sessions: SessionBook
    let found: SecretBook

    private var options: RunOptions { executor.options }
    private var host: String { pair.host }

    /// The outcome of the commands run so far.
    private struct Outcome {
        var status: PairStatus = .ok
        var exitStatus: Int32? = nil
        var attempts = 0
        var report: String? = nil
        var verdict: Verdict? = nil
        var outputSHA256: String? = nil
    }

    func run() async -> PairResult {
        let log = files.log(step: step.id, host: host)
        let startedAt = Date()
        let usesSession = pair.commands.contains(where: \.session)
        let startState = await sessions.state(of: host)
        await journal.append("step-start", ["step": .string(step.id), "host": .string(host), "line": .int(step.line),
                                             "hash": .string(step.contentHash), "kind": .string(step.kind.rawValue),
                                             "state": usesSession ? found.masking(startState).journalValue : .null])
        var outcome = Outcome()
        if let transport = await transports.transport(for: pair.endpoint) {
            outcome = await execute(on: transport, log: log)
        } else {
            outcome.status = .failed
            outcome.report = "host \(host) is not bound by the inventory"
        }
        let result = PairResult(stepID: step.id, stepLine: step.line, host: host, status: outcome.status,
                                exitStatus: outcome.exitStatus, attempts: outcome.attempts, startedAt: startedAt,
                                endedAt: Date(), log: files.relativeLog(step: step.id, host: host),
                                outputSHA256: outcome.outputSHA256, report: outcome.report, verdict: outcome.verdict)
        await journal.append("step-end", [
            "step": .string(step.id), "host": .string(host), "line": .int(step.line), "hash": .string(step.contentHash),
            "status": .string(result.status.rawValue),
            "exit": result.exitStatus.map { .int(Int($0)) } ?? .null,
            "verdict": result.verdict.map { .string($0.rawValue) } ?? .null,
            "attempts": .int(result.attempts),
            "duration": .double(result.duration),
            "output_sha256": result.outputSHA256.map { .string($0) } ?? .null,
            "state_end": usesSession ? found.masking(await sessions.state(of: host)).journalValue : .null,
        ])
        return result
    }

    private func execute(on transport: any Transport, log: URL) async -> Outcome {
        if let kept = pair.kept {
            // No destination in the guide: keep the content with the run, as the plan said.
            let url = files.files.appendingPathComponent(FileLayout.safe(step.id) + "." + (step.lang.isEmpty ? "txt" : step.lang))
            _ = FileManager.default.createFile(atPath: url.path, contents: Data(executor.plan.secrets.mask(kept).utf8),
                                               attributes: [.posixPermissions: 0o600])
            return Outcome(attempts: 1, verdict: .pass)
        }
        var total = Outcome()
        for planned in pair.commands {
            let one = await attempt(planned, on: transport, log: log)
            total.attempts = max(total.attempts, one.attempts)
            total.exitStatus = one.exitStatus
            total.outputSHA256 = one.outputSHA256
            guard one.status.succeeded else {
                return one
            }
            if one.verdict == .drift { total.status = .drift; total.report = one.report }
            if total.verdict != .drift { total.verdict = one.verdict }
        }
        return total
    }

    /// Runs `command` until it passes or the step's attempts run out. In the host's session, every
    /// attempt starts from the state the command started from; the session goes on from the last one's.
    private func attempt(_ planned: PlannedCommand, on transport: any Transport, log: URL) async -> Outcome {
        let label = planned.label, documented = planned.documented
        let start = await sessions.state(of: host)
        let recorded = planned.recordsSession
        let policy = step.verify
        let attempts = max(1, policy.attempts)
        let verification = VerificationOptions(mode: policy.mode, strict: policy.strict || options.strict)
        let started = Date()
        let become = executor.inventory.become(for: host)
        var outcome = Outcome()
        for number in 1...attempts {
            outcome.attempts = number
            appendHeader(log, "── \(label) on \(host), attempt \(number)/\(attempts)\n")
            let record = recorded ? await sessions.nextRecord() : nil
            // What goes over the connection: the command in the host's session, inside its `on:` wrapper.
            let command = Planner.delivered(planned, of: pair, session: planned.session ? .init(state: start, record: record) : nil,
                                           become: become)
            let result = await transport.execute(command, log: log, timeout: policy.timeout.map { .milliseconds(Int($0 * 1000)) },
                                                 captureLimit: options.captureLimit)
            if let record, result.outcome != .interrupted {
                await readBack(record, on: transport, after: start)
            }
            outcome.outputSHA256 = result.outputSHA256
            switch result.outcome {
            case .unreachable(let why):
                outcome.status = .unreachable
                outcome.report = "\(host) is unreachable: \(why)"
                return outcome
            case .interrupted:
                outcome.status = .interrupted
                outcome.report = "interrupted"
                return outcome
            case .timedOut, .exited, .signaled:
                let status: Int32
                switch result.outcome {
                case .exited(let code): status = code
                case .signaled(let signal): status = 128 + signal
                default: status = 124
                }
                outcome.exitStatus = status
                var check = OutputMatcher.verify(command: planned.text, documented: documented, actual: result.captured,
                                                 exitStatus: status, options: verification)
                if result.outcome == .timedOut {
                    check.verdict = .fail
                    check.reasons.insert("timed out after \(policy.timeout.map { "\($0)" } ?? "?")s", at: 0)
                }
                outcome.verdict = check.verdict
                let report = executor.plan.secrets.mask(MismatchReport.render(check, location: "\(executor.runbook.path):\(planned.line)", host: host,
                                                   attempts: number, elapsed: Date().timeIntervalSince(started),
                                                   documentedStartLine: planned.outputLine))
                await journal.append("verify", ["step": .string(step.id), "host": .string(host), "attempt": .int(number),
                                                 "exit": .int(Int(status)), "verdict": .string(check.verdict.rawValue),
                                                 "reasons": .strings(check.reasons)])
                switch check.verdict {
                case .pass:
                    outcome.status = .ok
                    return outcome
                case .drift:
                    outcome.status = .drift
                    outcome.report = report
                    return outcome
                case .fail:
                    outcome.status = .failed
                    outcome.report = report + Self.sudoHint(result.captured, host: host, become: become)
                    if number < attempts {
                        executor.onEvent(.attemptFailed(step, host: host, attempt: number, of: attempts,
                                                        why: check.reasons.first ?? "exit \(status)"))
                        do { try await Task.sleep(for: .milliseconds(Int(policy.every * 1000))) } catch {
                            outcome.status = .interrupted
                            return outcome
                        }
                    }
                }
            }
        }
        return outcome
    }

    /// What to do when the step failed because of sudo: a password it could not get (the fix is the
    /// inventory's `become:`), a password it refused, a login without sudo rights, a host where sudo
    /// cannot gain root. Empty when the output shows none of these.
    static func sudoHint(_ output: String, host: String, become: Inventory.Become?) -> String {
        let hint: String
        if output.contains("incorrect password attempt") {
            hint = "sudo on \(host) refused the password the inventory's `become:` gives: check that value (also under secrets:) for this login"
        } else if output.contains("sudo: a password is required") || output.contains("a terminal is required to read the password")
                    || output.contains("sudo: no askpass program") {
            let given = become == nil ? "the inventory gives no `become:` for it" : "its `become:` gives no password (sudo -n)"
            hint = "sudo on \(host) needs this login's password and \(given): set `become: { password: … }` (the value also under "
                + "secrets:), at the top of the inventory or under the host; or allow the login sudo without one (NOPASSWD in sudoers)"
        } else if output.contains("is not in the sudoers file") || output.contains("may not run sudo on") {
            hint = "this login may not use sudo on \(host): add a sudoers rule for it, or reach the host as a user that has one (ssh: in the inventory)"
        } else if output.contains("\"no new privileges\" flag is set") || output.contains("sudo: effective uid is not 0") {
            hint = "sudo on \(host) cannot gain root there (a nosuid mount, or no_new_privs set by a container or sandbox)"
        } else {
            return ""
        }
        return "\nhint: " + hint
    }

    /// Reads the session record the command left on the host; the host's session goes on from it.
    /// A shell killed before its exit trap ran (a timeout) leaves no end: the session stays as it was.
    private func readBack(_ record: String, on transport: any Transport, after start: SessionState) async {
        let read = await transport.collect(Planner.control(SessionScript.readBack(record), of: pair), timeout: .seconds(30))
        guard read.outcome == .exited(0), let end = SessionScript.state(fromRecord: read.output) else { return }
        _ = found.masking(end)
        await sessions.set(end, of: host)
    }

    private func appendHeader(_ log: URL, _ text: String) {
        let fd = open(log.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
