import Foundation
import RunbookCore

/// The session of every host of a run (SPEC section 12): the state each host's next session command
/// starts from, seeded from the journal on `--resume`, `--from` and `--only`, and updated as steps end.
actor SessionBook {
    private var states: [String: SessionState]
    private var records = 0
    let runID: String

    init(runID: String, seeded: [String: SessionState]) {
        self.runID = runID
        states = seeded
    }

    /// The state `host`'s next session command starts from.
    func state(of host: String) -> SessionState { states[host] ?? .fresh }

    /// Records that `host`'s session is now in `state`.
    func set(_ state: SessionState, of host: String) { states[host] = state }

    /// A name for one more record on a host, unique in this run.
    func nextRecord() -> String {
        records += 1
        return "\(runID)-\(records)"
    }
}

/// Values that must be masked everywhere a run writes, beyond the plan's own: the values of secret
/// variables (`export DB_PASSWORD=…`) as the sessions report them. Shared by the run's transports
/// and journal.
public final class SecretBook: @unchecked Sendable {
    public init() {}

    private let lock = NSLock()
    private var found: Set<String> = []

    /// Every value added so far.
    public var values: [String] { lock.withLock { Array(found) } }

    /// Adds the values of `state`'s secret variables; returns the state with them masked, for the journal.
    func masking(_ state: SessionState) -> SessionState {
        var masked = state
        for (name, value) in state.variables where SecretNames.isSecret(name) {
            if value.count >= 3 { lock.withLock { _ = found.insert(value) } }
            masked.variables[name] = "****"
        }
        return masked
    }
}

extension SessionState {
    /// The state as a journal value: `{"cwd": …, "umask": …, "variables": {…}, "exported": […]}`.
    public var journalValue: JournalValue {
        .object([
            ("cwd", cwd.map { .string($0) } ?? .null),
            ("umask", umask.map { .string($0) } ?? .null),
            ("variables", .object(variables.keys.sorted().map { ($0, .string(variables[$0]!)) })),
            ("exported", .strings(exported.sorted())),
        ])
    }

    /// The state without the variables the journal masked (a secret's value is never journaled), and
    /// their names.
    func withoutMaskedValues() -> (SessionState, [String]) {
        var clean = self
        let masked = variables.filter { $0.value == "****" }.map(\.key).sorted()
        for name in masked { clean.variables[name] = nil; clean.exported.remove(name) }
        return (clean, masked)
    }

    /// The state a journal record's value describes (as `journalValue` wrote it).
    public init?(journal value: Any?) {
        guard let object = value as? [String: Any] else { return nil }
        self.init(cwd: object["cwd"] as? String, umask: object["umask"] as? String,
                  variables: object["variables"] as? [String: String] ?? [:],
                  exported: Set(object["exported"] as? [String] ?? []))
    }
}
