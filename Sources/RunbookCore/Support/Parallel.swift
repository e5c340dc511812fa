import Foundation

/// Data parallelism for the pure core: the same pure function over independent items, on every core.
enum Parallel {
    /// How many pieces to cut work into: a few per core, so one slow piece does not idle the others.
    static var pieces: Int { max(1, min(16, activeProcessors * 2)) }
    static let activeProcessors = ProcessInfo.processInfo.activeProcessorCount

    /// `body(0)…body(count - 1)` in parallel, results in index order. `body` must be pure.
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1, activeProcessors > 1 else { return (0..<count).map(body) }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot, so the writes never overlap.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = body(index) }
        }
        return results.map { $0! }
    }
}

/// Drops this reference to `value` on a thread of its own: freeing a large structure (every block of a
/// parsed guide, a String or two in each) takes milliseconds that the caller need not wait for.
func releaseInBackground<T>(_ value: consuming T) {
    let box = ReleaseBox(value)
    Thread.detachNewThread { box.value = nil }
}

/// Holds the last reference for `releaseInBackground`, across the thread boundary.
private final class ReleaseBox<T>: @unchecked Sendable {
    var value: T?
    init(_ value: consuming T) { self.value = value }
}

/// A value computed on a thread of its own while the caller does other work; `value` waits for it.
public final class Background<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    public init(_ compute: @escaping @Sendable () -> T) {
        Thread.detachNewThread {
            self.result = compute()
            self.done.signal()
        }
    }

    /// The computed value (waits until it is there).
    public var value: T {
        done.wait()
        defer { done.signal() }   // for the next read
        return result!
    }
}

/// A value computed the first time it is read (once, whichever thread asks), and never when nobody
/// does: `plan --json` reads no (step, host) pair, so it does not pay for them.
public final class Lazy<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private var compute: (@Sendable () -> T)?
    private let lock = NSLock()

    public init(_ compute: @escaping @Sendable () -> T) {
        self.compute = compute
    }

    public var value: T {
        lock.lock()
        defer { lock.unlock() }
        if let result { return result }
        let value = compute!()
        result = value
        compute = nil
        return value
    }
}
