import Foundation
import RunbookCore

/// Runs commands on one host through the system OpenSSH client, over one ControlMaster
/// connection for the whole run.
///
/// Every command is `ssh … -- DEST 'printf MARKER $$ && exec ARGV 2>&1'` with the step text on stdin.
/// The salted start marker is the first thing the remote side prints: it says the command
/// started (so ssh's exit 255 before it means "unreachable", after it "the command exited 255")
/// and carries the PID of the remote session leader, whose process group is killed over the
/// control connection when the step is interrupted. The marker line is not written to the log.
public struct SSHTransport: Transport {
    /// The destination as given: `user@addr[:port]`.
    public let destination: String
    /// Extra ssh options from the inventory, passed before the transport's own defaults so that
    /// they win (ssh uses the first value it sees for an option).
    public let options: [String]
    /// Where the ControlMaster socket lives (`DIR/%C`); created 0700 if missing.
    public let controlDirectory: URL
    /// How long the remote and local process groups get between SIGTERM and SIGKILL.
    public let gracePeriod: Duration
    /// The ssh client to run.
    public let executable: String
    /// Values masked as `****` in everything recorded.
    public let secrets: [String]
    /// Values found secret during the run (session variables), masked too.
    public let found: SecretBook?

    private let target: SSHTarget
    private let marker: String
    private let master: ControlMaster

    /// A transport to `destination` (`user@addr[:port]`, `[v6addr]:port` allowed) with extra
    /// ssh `options` (e.g. `["-i", KEY, "-o", "ConnectTimeout=5"]`), keeping its ControlMaster
    /// socket in `controlDirectory`.
    public init(destination: String, options: [String] = [], controlDirectory: URL,
                gracePeriod: Duration = .seconds(3), executable: String = "ssh", secrets: [String] = [], found: SecretBook? = nil) {
        self.secrets = secrets
        self.found = found
        self.destination = destination
        self.options = options
        self.controlDirectory = controlDirectory
        self.gracePeriod = gracePeriod
        self.executable = executable
        self.target = SSHTarget(destination)
        self.marker = "RUNBOOK-START-" + String(UInt64.random(in: .min ... .max), radix: 16)
        self.master = ControlMaster()
    }

    public var description: String { "ssh \(destination)" }

    /// The connect timeout in seconds: the options' `ConnectTimeout` if given, else 10.
    var connectTimeout: Int {
        var previous: String?
        for option in options {
            let value = previous == "-o" ? option : (option.hasPrefix("-o") ? String(option.dropFirst(2)) : "")
            previous = option
            let parts = value.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].lowercased() == "connecttimeout", let seconds = Int(parts[1]) {
                return seconds
            }
        }
        return 10
    }

    /// `ssh` and the options every invocation shares, up to (not including) the mode options.
    private var baseArguments: [String] {
        [executable] + options + [
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=\(connectTimeout)",
            "-o", "ServerAliveInterval=15",
            "-o", "StrictHostKeyChecking=accept-new",
            "-o", "ControlPath=\(controlDirectory.path)/%C",
        ] + target.portArguments
    }

    public func commandLine(for command: HostCommand) -> [String] {
        // `2>&1` on the host: ssh carries stderr on a channel of its own, so only merging it
        // there keeps stdout and stderr in the order they were written.
        let remote = "printf '%s %s\\n' \(marker) \"$$\" && exec " + shellQuoted(command.argv) + " 2>&1"
        return baseArguments + ["-o", "ControlMaster=no", "-T", "--", target.destination, remote]
    }

    /// A shell command run on the host over the control connection (no marker, no stdin).
    private func controlCommandLine(_ script: String) -> [String] {
        baseArguments + ["-o", "ControlMaster=no", "-T", "--", target.destination, script]
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
        switch await untilCancelled({ await master.ensure(startingWith: { await startMaster() }) }) {
        case nil:
            return recorder.result(outcome: .interrupted, startedAt: startedAt)
        case .some(.failure(let failure)):
            recorder.appendNote(failure.message)
            return recorder.result(outcome: .unreachable(failure.message), startedAt: startedAt)
        case .some(.success):
            break
        }

        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(commandLine(for: command), input: Array(command.stdin.utf8))
        } catch {
            recorder.appendNote("runbook: \(error)")
            return recorder.result(outcome: .unreachable("\(error)"), startedAt: startedAt)
        }
        let filter = StartMarkerFilter(marker: marker, sink: recorder)
        let run = await supervise(child, timeout: timeout, consume: { filter.feed($0) },
                                  interrupt: { await interruptRemote($0, filter: filter) })
        filter.finish()

        var result = outcome(of: run)
        if run.stopReason == nil, result == .exited(255), !filter.commandStarted {
            let said = filter.textBeforeMarker.trimmingCharacters(in: .whitespacesAndNewlines)
            result = .unreachable(said.isEmpty ? "ssh exited 255 before the command started" : said)
        }
        return recorder.result(outcome: result, startedAt: startedAt)
    }

    public func collect(_ command: HostCommand, timeout: Duration) async -> (outcome: ExecutionOutcome, output: [UInt8]) {
        if case .failure(let failure) = await master.ensure(startingWith: { await startMaster() }) {
            return (.unreachable(failure.message), [])
        }
        let run = await runCollecting(controlCommandLine("exec " + shellQuoted(command.argv)), input: Array(command.stdin.utf8),
                                      timeout: timeout, limit: 1 << 20)
        return (run.outcome, run.bytes)
    }

    /// Stops the remote process group of an interrupted command, then the local ssh.
    private func interruptRemote(_ child: ChildProcess, filter: StartMarkerFilter) async {
        // A command about to start reports its PID within a round trip; if it never does, killing
        // the local ssh closes the channel and the marker's printf dies of SIGPIPE before `exec`.
        _ = await waitUntil(within: gracePeriod) { filter.remotePID != nil || child.hasExited }
        if let pid = filter.remotePID, !child.hasExited {
            let graceTenths = max(1, Int(gracePeriod / .milliseconds(100)))
            // Runs on the host: TERM the group, wait up to the grace, then KILL what is left.
            let script = """
                kill -s TERM -- -\(pid) 2>/dev/null || exit 0; n=0; \
                while kill -s 0 -- -\(pid) 2>/dev/null; do \
                if [ $n -ge \(graceTenths) ]; then kill -s KILL -- -\(pid) 2>/dev/null; exit 0; fi; \
                sleep 0.1 2>/dev/null || { sleep 1; n=$((n+9)); }; n=$((n+1)); done
                """
            _ = await runCollecting(controlCommandLine(script),
                                    timeout: gracePeriod + .seconds(connectTimeout + 5))
            _ = await waitUntil(within: gracePeriod) { child.hasExited }
        }
        await terminateGroup(of: child, grace: .seconds(1))
    }

    /// Starts the ControlMaster (or adopts one already listening on the socket); on failure
    /// returns what ssh said.
    private func startMaster() async -> Result<Void, Unreachable> {
        try? FileManager.default.createDirectory(at: controlDirectory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let check = await runCollecting(baseArguments + ["-O", "check", "--", target.destination],
                                        timeout: .seconds(10))
        if check.outcome == .exited(0) { return .success(()) }
        let start = await runCollecting(
            // ControlPersist 10m, not forever: a runner killed with -9 never runs close(), and its
            // masters must not outlive it by more than that. (If one lapses mid-run, ssh connects anew.)
            baseArguments + ["-o", "ControlMaster=yes", "-o", "ControlPersist=600", "-N", "-f", "--", target.destination],
            timeout: .seconds(2 * connectTimeout + 10))
        if start.outcome == .exited(0) { return .success(()) }
        let said = start.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return .failure(Unreachable(message: said.isEmpty ? "ssh to \(destination) failed: \(start.outcome)" : said))
    }

    public func close() async {
        guard await master.reset() else { return }
        _ = await runCollecting(baseArguments + ["-O", "exit", "--", target.destination], timeout: .seconds(10))
    }
}

/// Why a host could not be reached (what ssh said).
struct Unreachable: Error {
    var message: String
}

/// The one ControlMaster of a transport: started once, shared by concurrent executions.
private actor ControlMaster {
    private var starting: Task<Result<Void, Unreachable>, Never>?
    private var isUp = false

    /// Starts the master unless it is up; concurrent callers share one attempt. A failed attempt
    /// is forgotten, so the next execution tries again.
    func ensure(startingWith start: @escaping @Sendable () async -> Result<Void, Unreachable>) async -> Result<Void, Unreachable> {
        if isUp { return .success(()) }
        let task = starting ?? Task { await start() }
        starting = task
        let result = await task.value
        if starting == task { starting = nil }
        if case .success = result { isUp = true }
        return result
    }

    /// Marks the master as gone; returns whether one was up (or being started).
    func reset() async -> Bool {
        if let starting { _ = await starting.value }
        defer { isUp = false; starting = nil }
        return isUp
    }
}

/// Awaits `operation` in a task of its own, returning nil as soon as the calling task is cancelled
/// (the operation then finishes in the background).
private func untilCancelled<Value: Sendable>(_ operation: @escaping @Sendable () async -> Value) async -> Value? {
    let work = Task { await operation() }
    return await withTaskGroup(of: Value?.self) { group in
        group.addTask { await work.value }
        group.addTask {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

/// A short ssh invocation whose output is kept in memory (at most 64 KiB).
private func runCollecting(_ argv: [String], timeout: Duration) async -> (outcome: ExecutionOutcome, output: String) {
    let run = await runCollecting(argv, input: [], timeout: timeout, limit: 64 * 1024)
    return (run.outcome, String(decoding: run.bytes, as: UTF8.self))
}

/// A short process whose output (at most `limit` bytes) is kept in memory.
func runCollecting(_ argv: [String], input: [UInt8], timeout: Duration, limit: Int) async -> (outcome: ExecutionOutcome, bytes: [UInt8]) {
    let child: ChildProcess
    do {
        child = try ChildProcess.spawn(argv, input: input)
    } catch {
        return (.exited(127), Array("\(error)".utf8))
    }
    let buffer = BoundedBuffer(limit: limit)
    let run = await supervise(child, timeout: timeout, consume: { buffer.append($0) },
                              interrupt: { await terminateGroup(of: $0, grace: .seconds(1)) })
    return (outcome(of: run), buffer.bytes)
}

private final class BoundedBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private var stored: [UInt8] = []

    init(limit: Int) { self.limit = limit }

    func append(_ chunk: UnsafeRawBufferPointer) {
        lock.withLock {
            if stored.count < limit { stored.append(contentsOf: chunk.prefix(limit - stored.count)) }
        }
    }

    var bytes: [UInt8] { lock.withLock { stored } }
}

/// Passes output through to the log, except the remote side's start marker line
/// (`MARKER PID\n`), which it removes and remembers.
final class StartMarkerFilter: @unchecked Sendable {
    private let lock = NSLock()
    private let marker: [UInt8]
    private let sink: OutputRecorder
    private var pending: [UInt8] = []
    private var started = false
    private var pid: Int32?
    private var before: [UInt8] = []

    init(marker: String, sink: OutputRecorder) {
        self.marker = Array((marker + " ").utf8)
        self.sink = sink
    }

    /// Whether the remote command reported that it started.
    var commandStarted: Bool { lock.withLock { started } }
    /// The PID (= process group) of the remote command, once it started.
    var remotePID: Int32? { lock.withLock { pid } }
    /// What came before the marker (ssh's own messages), or everything if it never came.
    var textBeforeMarker: String { lock.withLock { String(decoding: before, as: UTF8.self) } }

    func feed(_ chunk: UnsafeRawBufferPointer) {
        lock.lock()
        if started {
            lock.unlock()
            sink.append(chunk)
            return
        }
        pending.append(contentsOf: chunk)
        var emit: [[UInt8]] = []
        if let start = firstIndex(of: marker, in: pending) {
            let afterMarker = start + marker.count
            if let newline = pending[afterMarker...].firstIndex(of: UInt8(ascii: "\n")) {
                pid = Int32(String(decoding: pending[afterMarker..<newline], as: UTF8.self))
                started = true
                emit = [Array(pending[..<start]), Array(pending[(newline + 1)...])]
                keepBefore(pending[..<start])
                pending = []
            }
        } else if pending.count > 64 * 1024 {
            // Only ssh itself writes before the marker; do not hold an endless stream back.
            let cut = pending.count - marker.count
            emit = [Array(pending[..<cut])]
            keepBefore(pending[..<cut])
            pending.removeFirst(cut)
        }
        lock.unlock()
        for part in emit where !part.isEmpty { part.withUnsafeBytes { sink.append($0) } }
    }

    /// Flushes whatever was held back looking for a marker that never came.
    func finish() {
        let rest: [UInt8] = lock.withLock {
            defer { pending = [] }
            keepBefore(pending[...])
            return pending
        }
        if !rest.isEmpty { rest.withUnsafeBytes { sink.append($0) } }
    }

    private func keepBefore(_ bytes: ArraySlice<UInt8>) {
        if before.count < 4096 { before.append(contentsOf: bytes.prefix(4096 - before.count)) }
    }
}

private func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    let first = needle[0]
    var index = 0
    while index <= haystack.count - needle.count {
        if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        index += 1
    }
    return nil
}

/// An ssh destination split into what ssh takes as `-p` and as the destination argument.
struct SSHTarget: Sendable, Equatable {
    /// `user@host` or `host`, as passed to ssh.
    var destination: String
    var port: Int?

    /// Parses `user@addr[:port]`, `user@[v6addr]:port` or a bare host (or ~/.ssh/config alias).
    init(_ text: String) {
        var user = ""
        var host = Substring(text)
        if let at = text.lastIndex(of: "@") {
            user = String(text[..<at]) + "@"
            host = text[text.index(after: at)...]
        }
        var port: Int?
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            if rest.hasPrefix(":"), let number = Int(rest.dropFirst()) { port = number }
            host = host[host.index(after: host.startIndex)..<close]
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":"),
                  let number = Int(host[host.index(after: colon)...]) {
            port = number
            host = host[..<colon]
        }
        self.destination = user + host
        self.port = port
    }

    var portArguments: [String] { port.map { ["-p", String($0)] } ?? [] }
}

/// `argv` as one POSIX shell command line: each word single-quoted unless plainly safe.
func shellQuoted(_ argv: [String]) -> String {
    argv.map(shellQuoted).joined(separator: " ")
}

/// One word for a POSIX shell.
func shellQuoted(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")
    if !word.isEmpty, word.allSatisfy(safe.contains) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
