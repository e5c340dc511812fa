import Crypto
import Foundation
import RunbookCore

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
    /// Secrets replaced by `****` before anything is written, counted or kept.
    private let masker: StreamMasker?

    /// Opens `log` for appending, creating it with mode 0600; `secrets` never reach it.
    init(log: URL, captureLimit: Int, secrets: [String] = []) throws(SpawnError) {
        let fd = open(log.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SpawnError(program: "log \(log.path)", errno: errno) }
        self.fd = fd
        self.captureLimit = max(0, captureLimit)
        self.masker = StreamMasker(secrets: secrets)
        captured.reserveCapacity(min(self.captureLimit, 1 << 20))
    }

    deinit { close(fd) }

    /// Writes `bytes` to the log (secrets masked) and accounts for them.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        guard let masker else { return record(bytes) }
        lock.withLock { masker.feed(bytes) }.withUnsafeBytes { record($0) }
    }

    /// Writes out what the masker still holds back (the end of the output).
    private func flush() {
        guard let masker else { return }
        lock.withLock { masker.finish() }.withUnsafeBytes { record($0) }
    }

    private func record(_ bytes: UnsafeRawBufferPointer) {
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
        flush()
        return lock.withLock {
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            return ExecutionResult(outcome: outcome, startedAt: startedAt, endedAt: endedAt,
                                   outputBytes: byteCount, outputSHA256: digest,
                                   captured: String(decoding: captured, as: UTF8.self),
                                   truncated: byteCount > captured.count)
        }
    }
}

/// Replaces secrets in a byte stream that arrives in chunks: it holds back the last
/// (longest secret − 1) bytes of each chunk, since a secret may continue in the next one.
final class StreamMasker {
    private let secrets: [[UInt8]]
    private let holdBack: Int
    private var pending: [UInt8] = []
    private static let mask = Array("****".utf8)

    /// Nil when there is nothing to mask.
    init?(secrets: [String]) {
        let list = Set(secrets.filter { $0.utf8.count >= 3 }).map { Array($0.utf8) }.sorted { $0.count > $1.count }
        guard let longest = list.first?.count else { return nil }
        self.secrets = list
        holdBack = longest - 1
    }

    /// Masked bytes that are safe to write now.
    func feed(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        pending.append(contentsOf: bytes)
        pending = replaceAll(pending)
        guard pending.count > holdBack else { return [] }
        let ready = Array(pending[..<(pending.count - holdBack)])
        pending.removeFirst(pending.count - holdBack)
        return ready
    }

    /// The rest, masked.
    func finish() -> [UInt8] {
        defer { pending = [] }
        return replaceAll(pending)
    }

    private func replaceAll(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        outer: while i < bytes.count {
            for secret in secrets where bytes[i] == secret[0] && i + secret.count <= bytes.count
                && bytes[i..<(i + secret.count)].elementsEqual(secret) {
                out += Self.mask
                i += secret.count
                continue outer
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}
