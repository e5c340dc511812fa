import Foundation
import RunbookCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Why posix_spawn and not swift-subprocess here: a step's stdout and stderr must land in the log
// in the order they were written, so the child gets ONE pipe for both (fd 1 and fd 2 are the same
// pipe), read in fixed 64 KiB chunks into the log (constant memory at any output size). On
// cancellation the ssh transport must first kill the remote process group over the control
// connection and only then stop the local ssh, and it must tell a timeout from a Ctrl-C; owning
// the spawn, the wait and the signals keeps that sequence explicit instead of going through a
// generic teardown. swift-subprocess monitors its own children by pidfd, so the two coexist.

/// A child process in its own session (so it is the leader of its own process group), with its
/// stdin fed from bytes and its stdout and stderr on one pipe.
final class ChildProcess: @unchecked Sendable {
    /// The child's PID, which is also its process group ID and session ID.
    let pid: pid_t
    /// Read end of the combined stdout+stderr pipe; owned by `streamOutput`.
    private let outputFD: Int32
    private let exitStatus = OneShot<Int32>()

    private init(pid: pid_t, outputFD: Int32) {
        self.pid = pid
        self.outputFD = outputFD
    }

    /// Starts `argv` (looked up in PATH) with `input` on stdin, then stdin closed.
    static func spawn(_ argv: [String], input: [UInt8]) throws(SpawnError) -> ChildProcess {
        precondition(!argv.isEmpty, "empty argv")
        // Both pipes are created close-on-exec atomically, so a sibling spawned concurrently from
        // another thread never inherits them (which would hold this child's output open).
        var inputFDs: [Int32] = [-1, -1]
        guard makePipe(&inputFDs) == 0 else {
            throw SpawnError(program: argv[0], errno: errno)
        }
        var outputFDs: [Int32] = [-1, -1]
        guard makePipe(&outputFDs) == 0 else {
            let code = errno
            close(inputFDs[0]); close(inputFDs[1])
            throw SpawnError(program: argv[0], errno: code)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputFDs[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputFDs[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outputFDs[1], 2)
        // Close every other descriptor in the child: a step must not inherit (and hold open) a
        // pipe that other code in this process created without O_CLOEXEC (Foundation's Pipe
        // does), or the reader of that pipe would wait for the step to end.
        closeOtherDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Unblock every signal and restore default dispositions the parent may have changed
        // (a runner ignoring SIGPIPE must not make `yes | head` loop forever in a step).
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2,
                       SIGTTIN, SIGTTOU, SIGTSTP, SIGXFSZ] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(ChildProcess.spawnFlags))

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var spawned: pid_t = 0
        let result = posix_spawnp(&spawned, argv[0], &actions, &attributes, cArguments, environ)
        let pid = spawned
        close(inputFDs[0])
        close(outputFDs[1])
        guard result == 0 else {
            close(inputFDs[1])
            close(outputFDs[0])
            throw SpawnError(program: argv[0], errno: result)
        }

        let child = ChildProcess(pid: pid, outputFD: outputFDs[0])
        let inputFD = inputFDs[1]
        Thread.detachNewThread {
            writeAll(input, to: inputFD)
            close(inputFD)
        }
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            child.exitStatus.fulfil(status)
        }
        return child
    }

    private static var spawnFlags: Int32 {
        #if os(Linux)
        // POSIX_SPAWN_SETSID (glibc 2.26+; a GNU extension the Swift module does not import).
        return Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | 0x80
        #else
        return Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSID)
        #endif
    }

    /// Waits for the child to exit and returns its raw wait status.
    func waitForExit() async -> Int32 {
        await exitStatus.value()
    }

    /// Whether the child has exited (and been reaped).
    var hasExited: Bool { exitStatus.isFulfilled }

    /// Sends `signal` to the child's whole process group.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    /// Whether any process is left in the child's process group.
    var groupIsAlive: Bool {
        kill(-pid, 0) == 0 || errno == EPERM
    }

    /// Reads the output pipe in chunks until EOF, calling `consume` for each chunk, on a thread
    /// of its own; returns when done. After the child exits, a background process that keeps
    /// the pipe open (a daemon started by a step) is not waited for once it is silent for
    /// `drainIdle`, nor for longer than `drainLimit` in all.
    func streamOutput(drainIdle: Duration = .milliseconds(500), drainLimit: Duration = .seconds(5),
                      _ consume: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) async {
        let done = OneShot<Void>()
        let fd = outputFD
        let idleTicks = max(1, Int(drainIdle / .milliseconds(100)))
        Thread.detachNewThread { [self] in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
            defer { buffer.deallocate() }
            var idleAfterExit = 0
            let clock = ContinuousClock()
            var exitSeen: ContinuousClock.Instant?
            loop: while true {
                if exitSeen == nil, self.hasExited { exitSeen = clock.now }
                if let exitSeen, clock.now - exitSeen > drainLimit { break }
                var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&pollFD, 1, 100)
                if ready < 0 {
                    if errno == EINTR { continue }
                    break
                }
                if ready == 0 {
                    if exitSeen != nil {
                        idleAfterExit += 1
                        if idleAfterExit >= idleTicks { break }
                    }
                    continue
                }
                idleAfterExit = 0
                let count = read(fd, buffer.baseAddress, buffer.count)
                switch count {
                case 0: break loop
                case ..<0: if errno == EINTR || errno == EAGAIN { continue } else { break loop }
                default: consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                }
            }
            close(fd)
            done.fulfil(())
        }
        await done.value()
    }
}

/// A process could not be started.
struct SpawnError: Error, CustomStringConvertible {
    var program: String
    var errno: Int32
    var description: String { "cannot run \(program): \(String(cString: strerror(errno)))" }
}

#if os(Linux)
@_silgen_name("pipe2")
private func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
#endif

/// Adds "close every fd from 3 up" to `actions` where the C library can (glibc 2.34+, found at run
/// time so older systems still work, only without this protection).
private func closeOtherDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    #if os(Linux)
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
        return
    }
    let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
    _ = addCloseFrom(&actions, 3)
    #endif
}

/// `pipe2(fds, O_CLOEXEC)` where it exists (Glibc's Swift module does not import it).
private func makePipe(_ fds: inout [Int32]) -> Int32 {
    #if os(Linux)
    return pipe2(&fds, O_CLOEXEC)
    #else
    guard pipe(&fds) == 0 else { return -1 }
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    return 0
    #endif
}

/// Writes all of `bytes` to the pipe `fd`, stopping quietly when the reader goes away.
private func writeAll(_ bytes: [UInt8], to fd: Int32) {
    // SIGPIPE is blocked on this (short-lived) thread only, so a child that exits without reading
    // its input makes write() fail with EPIPE instead of killing the whole process.
    var blocked = sigset_t()
    sigemptyset(&blocked)
    sigaddset(&blocked, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &blocked, nil)
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let sent = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if sent < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += sent
        }
    }
}

/// A value set once and awaited by any number of tasks.
final class OneShot<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Value?
    private var waiters: [CheckedContinuation<Value, Never>] = []

    var isFulfilled: Bool { lock.withLock { result != nil } }

    /// Sets the value (the first call wins) and wakes every waiter.
    func fulfil(_ value: Value) {
        let toResume: [CheckedContinuation<Value, Never>] = lock.withLock {
            guard result == nil else { return [] }
            result = value
            defer { waiters = [] }
            return waiters
        }
        toResume.forEach { $0.resume(returning: value) }
    }

    /// The value, once set.
    func value() async -> Value {
        await withCheckedContinuation { continuation in
            let ready: Value? = lock.withLock {
                if let result { return result }
                waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// How a raw wait status ended: exit code or signal.
func outcome(ofWaitStatus status: Int32) -> ExecutionOutcome {
    let signal = status & 0x7f
    if signal == 0 { return .exited((status >> 8) & 0xff) }
    return .signaled(signal)
}
