import Foundation
import RunbookCore

/// What a resumed run does with each (step, host) of the guide, decided from an earlier run's journal.
public struct ResumePlan: Sendable {
    /// The run being resumed.
    public var runID: String
    /// Pairs done with an unchanged step: skipped (step id → hosts).
    public var done: [String: Set<String>]
    /// Steps done before whose text changed since: run again.
    public var changed: [String]
    /// Pairs that started and never ended (the runner died): run again, reported as unknown.
    public var unknown: [(step: String, host: String)]
    /// Failed, interrupted or unreachable pairs: run again.
    public var failed: [(step: String, host: String)]
    /// The session each done pair left its host in (step id → host → state), for the pairs after it.
    public var endStates: [String: [String: SessionState]] = [:]
    /// Secret variables the journal masks, so a resumed session cannot restore them (`DB_PASSWORD@h1`).
    public var unrestorable: [String] = []

    /// Compares the earlier run's journal with the guide as it is now.
    /// `earlier`: the journals of the runs `journal`'s run resumed, oldest first (its `resumes` chain),
    /// so that a resume killed before it re-recorded every done pair loses none of them.
    public static func make(runID: String, journal: JournalRead, runbook: Runbook, earlier: [JournalRead] = []) -> ResumePlan {
        let stepsByID = Dictionary(uniqueKeysWithValues: runbook.steps.map { ($0.id, $0) })
        var plan = ResumePlan(runID: runID, done: [:], changed: [], unknown: [], failed: [])
        var changed = Set<String>()
        for pair in RunStore.pairs(in: (earlier + [journal]).flatMap(\.records)) {
            let succeeded = ["ok", "drift", "done"].contains(pair.status)
            guard let step = stepsByID[pair.step] else { continue }
            if succeeded && pair.hash == step.contentHash {
                plan.done[pair.step, default: []].insert(pair.host)
                if let state = pair.endState {
                    plan.endStates[pair.step, default: [:]][pair.host] = state
                    plan.unrestorable = (Set(plan.unrestorable).union(state.withoutMaskedValues().1.map { "\($0)@\(pair.host)" })).sorted()
                }
            } else if succeeded {
                if changed.insert(pair.step).inserted { plan.changed.append(pair.step) }
            } else if pair.status == "unknown" {
                plan.unknown.append((pair.step, pair.host))
            } else if pair.status != "skipped" {
                plan.failed.append((pair.step, pair.host))
            }
        }
        return plan
    }

    /// The session each host has when a run starts at `stepID` (`--from`, `--only`): the state the
    /// last pair before it on that host left, as journaled. Masked secrets are not restored.
    public static func sessions(before stepID: String, in runbook: Runbook, pairs: [PairRecord]) -> (states: [String: SessionState], unrestorable: [String]) {
        let order = Dictionary(runbook.steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        guard let start = order[stepID] else { return ([:], []) }
        var best: [String: (index: Int, state: SessionState)] = [:]
        for pair in pairs {
            guard let index = order[pair.step], index < start, let state = pair.endState else { continue }
            if index >= best[pair.host]?.index ?? -1 { best[pair.host] = (index, state) }
        }
        var states: [String: SessionState] = [:], unrestorable: [String] = []
        for (host, entry) in best {
            let (clean, masked) = entry.state.withoutMaskedValues()
            states[host] = clean
            unrestorable += masked.map { "\($0)@\(host)" }
        }
        return (states, unrestorable.sorted())
    }

    /// One line per kind for the operator.
    public var description: String {
        var lines = ["resuming run \(runID): \(done.values.map(\.count).reduce(0, +)) (step, host) pairs done and unchanged are skipped"]
        if !changed.isEmpty { lines.append("  changed since (run again): \(changed.joined(separator: ", "))") }
        if !unknown.isEmpty { lines.append("  unknown — in flight when the runner stopped (run again): " + unknown.map { "\($0.step)@\($0.host)" }.joined(separator: ", ")) }
        if !failed.isEmpty { lines.append("  failed or interrupted (run again): " + failed.map { "\($0.step)@\($0.host)" }.joined(separator: ", ")) }
        if !unrestorable.isEmpty { lines.append("  secret session variables are not journaled, so not restored (give them in the inventory's vars:): " + unrestorable.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}
