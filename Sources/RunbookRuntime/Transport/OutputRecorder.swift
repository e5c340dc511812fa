import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends output to a log file while keeping only a count, a running sha256 and the first
/// `captureLimit` bytes in memory.
final class OutputRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private let fd: Int32
    private let captureLimit: Int
    private var hasher = SHA256()
    private var byteCount = 0
    private var captured: [UInt8] = []
    /// The first failed write to the log, if any (the output is still counted and hashed).
    private(set) var writeError: Int32?

    /// Opens `log` for appending, creating it with mode 0600.
    init(log: URL, captureLimit: Int) throws(SpawnError) {
        let fd = open(log.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SpawnError(program: "log \(log.path)", errno: errno) }
        self.fd = fd
        self.captureLimit = max(0, captureLimit)
        captured.reserveCapacity(min(self.captureLimit, 1 << 20))
    }

    deinit { close(fd) }

    /// Writes `bytes` to the log and accounts for them.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        lock.withLock {
            var offset = 0
            while offset < bytes.count, writeError == nil {
                let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    writeError = errno
                } else {
                    offset += written
                }
            }
            hasher.update(bufferPointer: bytes)
            byteCount += bytes.count
            if captured.count < captureLimit {
                captured.append(contentsOf: bytes.prefix(captureLimit - captured.count))
            }
        }
    }

    /// Appends a line written by the runner itself (e.g. why a process could not start).
    func appendNote(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        bytes.withUnsafeBytes { append($0) }
    }

    /// The result of everything appended so far.
    func result(outcome: ExecutionOutcome, startedAt: Date, endedAt: Date = Date()) -> ExecutionResult {
        lock.withLock {
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            return ExecutionResult(outcome: outcome, startedAt: startedAt, endedAt: endedAt,
                                   outputBytes: byteCount, outputSHA256: digest,
                                   captured: String(decoding: captured, as: UTF8.self),
                                   truncated: byteCount > captured.count)
        }
    }
}
