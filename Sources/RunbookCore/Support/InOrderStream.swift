import Foundation

/// `compute(0)…compute(count - 1)` worked out in runs of indices on the other cores and handed to one
/// reader in index order as each run is done: the reader works on the first values while later ones
/// are still computed, and when it catches up it computes the next runs itself rather than wait.
///
/// The core's one pool of threads (block facts use it). Its state is shared between threads only
/// under `condition`; `current` is touched by the reader alone. `compute` must be pure.
final class InOrderStream<Element: Sendable>: @unchecked Sendable {
    private let runs: [Range<Int>]
    private let compute: @Sendable (Int) -> Element
    /// Under `condition`: finished runs not yet read, and the first run nobody has started.
    private var finished: [[Element?]?]
    private var unstarted = 0
    private let condition = NSCondition()
    /// The reader's run and its values (touched by the reader only).
    private var current: (run: Int, values: [Element?]) = (-1, [])

    /// Starts computing `count` values; `runs` and `helpers` (threads besides the reader) default to
    /// a few runs per core of at least 64 values each, and one thread for every other core.
    init(count: Int, runs: Int? = nil, helpers: Int? = nil, _ compute: @escaping @Sendable (Int) -> Element) {
        let pieces = max(1, min(runs ?? (count < 256 ? 1 : min(Parallel.pieces * 8, count / 64)), max(count, 1)))
        self.runs = (0..<pieces).map { count * $0 / pieces..<count * ($0 + 1) / pieces }
        self.compute = compute
        finished = Array(repeating: nil, count: pieces)
        for _ in 0..<min(helpers ?? (Parallel.activeProcessors - 1), pieces - 1) {
            Thread.detachNewThread { while self.computeNextRun() {} }
        }
    }

    /// Starts and finishes the first unstarted run; false when there was none.
    private func computeNextRun() -> Bool {
        condition.lock()
        let run = unstarted
        unstarted += 1
        condition.unlock()
        guard run < runs.count else { return false }
        let values = runs[run].map { Optional(compute($0)) }
        condition.lock()
        finished[run] = values
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// The value of `index`, handed over (moved, not copied); call once per index, in increasing order,
    /// from one thread.
    subscript(index: Int) -> Element {
        if current.run < 0 || !runs[current.run].contains(index) {
            let run = runs.firstIndex { $0.contains(index) }!
            condition.lock()
            while finished[run] == nil {
                if unstarted < runs.count {
                    condition.unlock()
                    _ = computeNextRun()
                    condition.lock()
                } else {
                    condition.wait()
                }
            }
            current = (run, finished[run]!)
            finished[run] = nil
            condition.unlock()
        }
        var value: Element?
        swap(&value, &current.values[index - runs[current.run].lowerBound])
        return value!
    }
}
