import Foundation
import Synchronization
import Testing
@testable import RunbookCore

/// How often each index was computed, shared by the threads that compute them.
private final class Tally: Sendable {
    private let counts: Mutex<[Int]>
    init(_ count: Int) { counts = Mutex(Array(repeating: 0, count: count)) }
    func add(_ index: Int) { counts.withLock { $0[index] += 1 } }
    var all: [Int] { counts.withLock { $0 } }
}

/// Holds the helpers' later values until the reader has been handed its first one, and the reader's
/// own values until a helper has started one (so that helpers take part, however fast the reader).
private final class Gate: Sendable {
    private struct State { var opened = false, helperStarted = false, timeouts = 0 }
    private let state = Mutex(State())
    private let condition = NSCondition()
    /// The reader's thread.
    private let reader = pthread_self()

    /// The reader has been handed its first value.
    func open() { change { $0.opened = true } }

    /// Called as value `index` is computed: on the reader's thread, waits for a helper to have started;
    /// on a helper, for the reader to have been handed a value, if `index` is not in the first run.
    func pass(_ index: Int, firstRun: Range<Int>) {
        if pthread_equal(pthread_self(), reader) != 0 {
            wait { $0.helperStarted }
        } else {
            change { $0.helperStarted = true }
            if !firstRun.contains(index) { wait { $0.opened } }
        }
    }

    /// Waits that ran out: a stream that holds every value back until all are computed makes them.
    var timeouts: Int { state.withLock { $0.timeouts } }

    private func change(_ body: (inout State) -> Void) {
        condition.lock()
        state.withLock { body(&$0) }
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `done` (at most 10 s; after a timeout every wait ends at once, so a broken stream
    /// fails in seconds, not hours).
    private func wait(until done: (State) -> Bool) {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: 10)
        while !state.withLock({ done($0) || $0.timeouts > 0 }) {
            if !condition.wait(until: deadline) { state.withLock { $0.timeouts += 1 } }
        }
    }
}

@Suite("InOrderStream hands values to one reader in order while other threads compute them")
struct InOrderStreamTests {
    @Test("values come in index order, each computed once", arguments: [
        (0, nil, nil), (1, nil, nil), (255, nil, nil), (256, nil, nil), (10_007, nil, nil),
        (1_000, 1, 3), (1_000, 7, 0), (1_000, 64, 3), (1_000, 1_000, 2), (5, 50, 8),
    ] as [(Int, Int?, Int?)])
    func order(count: Int, runs: Int?, helpers: Int?) {
        let tally = Tally(count)
        let stream = InOrderStream(count: count, runs: runs, helpers: helpers) { index in
            tally.add(index)
            return "value \(index)"
        }
        let read = (0..<count).map { stream[$0] }
        #expect(read == (0..<count).map { "value \($0)" })
        #expect(tally.all.allSatisfy { $0 == 1 }, "computed \(tally.all.enumerated().filter { $0.element != 1 }.prefix(5)) times")
    }

    @Test("the reader is handed the first run while helpers still compute later ones")
    func readsWhileProducersRun() {
        let count = 4_000
        let gate = Gate()
        let stream = InOrderStream(count: count, runs: 40, helpers: 3) { index in
            gate.pass(index, firstRun: 0..<100)
            return index * 2
        }
        var read: [Int] = []
        for index in 0..<count {
            read.append(stream[index])
            if index == 0 { gate.open() }
        }
        #expect(read == (0..<count).map { $0 * 2 })
        #expect(gate.timeouts == 0, "waits ran out: the stream held the first values back until later ones were done, or no helper ran")
    }

    @Test("a value is moved out, not kept: the stream holds no reference once read")
    func movesValues() {
        final class Box: Sendable {}
        let stream = InOrderStream(count: 300, runs: 3, helpers: 1) { _ in Box() }
        for index in 0..<300 {
            weak let box = stream[index]
            #expect(box == nil, "value \(index) still held by the stream")
        }
    }
}
