import Foundation

/// Makes the `Plan`: for every step that acts on hosts and every host it runs on, the exact commands
/// and bytes, with the inventory's address rewrites and `on:` wrappers applied. Pure.
public enum Planner {
    /// The plan of `runbook` against `inventory` (nil: hosts stay as the guide names them, nothing is
    /// rewritten or wrapped), narrowed to `selection`.
    public static func plan(_ runbook: Runbook, inventory: Inventory? = nil, selection: Selection = Selection()) -> Plan {
        let redactor = Background { Redactor(runbook: runbook, inventory: inventory) }
        let acting = selected(runbook.steps.filter { $0.runs || $0.kind == .file || $0.kind == .upload }, selection)
        // Steps are independent: a long guide's are planned on every core, when first asked for.
        let steps = Lazy {
            let chunks = acting.count > 2_000 ? Parallel.pieces : 1
            return Parallel.map(chunks) { chunk in
                acting[(chunk * acting.count / chunks)..<((chunk + 1) * acting.count / chunks)].map { step in
                    PlannedStep(step: step, pairs: step.hosts.filter { selection.hosts?.contains($0) ?? true }.map { host in
                        pair(step, host: host, inventory: inventory, runbook: runbook)
                    })
                }
            }.flatMap { $0 }
        }
        let unbound = (inventory?.unresolvedSteps(selected(runbook.steps, selection)) ?? [])
            + (inventory?.unboundHosts(in: runbook, only: selection.hosts) ?? [])
            + (inventory?.unboundPlaceholders(in: runbook, only: selection.hosts) ?? [])
        return Plan(runbook: runbook, inventory: inventory, selection: selection, steps: steps,
                    inventoryDiagnostics: unbound, redactor: redactor)
    }

    /// `steps` from `--from` on, or only `--only`.
    static func selected(_ steps: [Step], _ selection: Selection) -> [Step] {
        var steps = steps
        if let from = selection.from, let index = steps.firstIndex(where: { $0.id == from }) { steps = Array(steps[index...]) }
        if let only = selection.only { steps = steps.filter { $0.id == only } }
        return steps
    }

    /// The (step, host) pair: its binding, and its commands as the endpoint receives them.
    static func pair(_ step: Step, host: String, inventory: Inventory?, runbook: Runbook) -> PlannedPair {
        let binding = inventory?.binding(for: host)
        var endpoint = host
        var wrap: String?
        if case .on(let base, let wrapper) = binding {
            endpoint = base
            wrap = wrapper
        }
        if let file = step.file, file.destination == nil {
            return PlannedPair(host: host, binding: binding, endpoint: endpoint, wrap: wrap, commands: [], kept: file.content)
        }
        let fill = { (text: String) in inventory?.fillingPlaceholders(text, of: runbook, host: host) ?? text }
        let commands = self.commands(step, host: host, rewrite: { inventory?.rewrite(fill($0)) ?? $0 }, fill: fill).map { planned in
            var planned = planned
            // A wrapper's interpreter reads all its input before it runs any (dash does): a python
            // step inside one cannot be started from a shell session, so it runs on its own.
            // A file step runs in the session for its folder and variables (`conf/app.ini`, `~/.bashrc`).
            planned.session = step.inSession && wrap == nil
                ? [.script, .transcript, .python, .file, .upload].contains(step.kind)
                : step.inSession && (step.kind == .script || step.kind == .transcript)
            return planned
        }
        return PlannedPair(host: host, binding: binding, endpoint: endpoint, wrap: wrap, commands: commands, kept: nil)
    }

    /// How a session command is delivered: the state it starts from, and the name its end state is
    /// recorded under on the host (nil for a python step, which changes no shell state).
    public struct SessionUse: Sendable {
        public var state: SessionState
        public var record: String?
        /// For `run --dry-run`: the state is known only when the run gets there, so the restoring
        /// lines are one comment saying so.
        public var symbolic = false
        public init(state: SessionState, record: String?) {
            self.state = state
            self.record = record
        }

        /// The session as `run --dry-run` shows it.
        public static let dryRun: SessionUse = {
            var use = SessionUse(state: .fresh, record: "RUN-N")
            use.symbolic = true
            return use
        }()

        var restore: String {
            symbolic ? "# (at run time: cd, umask and the variables this host's session holds here)\n" : SessionScript.restore(state)
        }
    }

    /// What goes over the endpoint's connection for `planned` of `pair`: the command itself, in the
    /// host's session when it runs in one, inside the `on:` wrapper when the host has one. A shell
    /// command whose text uses `sudo` gets the lines of the host's `become:` (nil: none, sudo -n),
    /// in the session or not (`session=fresh`).
    public static func delivered(_ planned: PlannedCommand, of pair: PlannedPair, session: SessionUse?,
                                 become: Inventory.Become? = nil) -> HostCommand {
        var command = planned.command
        let sudo = command.argv == shell && SessionScript.usesSudo(command.stdin) ? SessionScript.sudo(become) : nil
        if planned.session, let session, command.argv != shell {
            // bash reads a script on a pipe one line at a time, so the command it execs gets the
            // rest of stdin (python's text, a file's content). No shell `sudo` runs here.
            command = HostCommand(argv: shell, stdin: SessionScript.marker + "\n" + session.restore
                                  + SessionScript.textMarker + "\nexec " + command.argv.map(SessionScript.word).joined(separator: " ")
                                  + "\n" + command.stdin)
        } else if planned.session, let session, let record = session.record {
            command.stdin = SessionScript.wrap(command.stdin, restore: session.restore + (sudo ?? ""), record: record)
        } else if let sudo {
            command.stdin = SessionScript.withBecome(command.stdin, sudo: sudo)
        }
        return pair.wrap.map { wrapped(command, in: $0) } ?? command
    }

    /// A bookkeeping command for `pair`'s host (reading a session record back), through its wrapper.
    public static func control(_ command: HostCommand, of pair: PlannedPair) -> HostCommand {
        pair.wrap.map { wrapped(command, in: $0) } ?? command
    }

    /// The interpreter every shell command runs in: stop on the first error, unset variables and
    /// failed pipes included; the text comes on stdin.
    static let shell = ["bash", "-euo", "pipefail", "-s"]

    /// What runs for (`step`, `host`), in order. The inventory's address rewrites apply to the
    /// documented output too: a host's address the guide shows in output is the bound one at run time.
    static func commands(_ step: Step, host: String, rewrite: (String) -> String, fill: (String) -> String = { $0 }) -> [PlannedCommand] {
        let commands = step.commands(for: host)
        func planned(_ command: HostCommand, label: String, documented: [String], line: Int, outputLine: Int, text: String) -> PlannedCommand {
            PlannedCommand(command: command, session: false, label: label, documented: documented, line: line,
                           outputLine: outputLine, text: text)
        }
        switch step.kind {
        case .script:
            let text = commands.map { rewrite($0.text) }.joined(separator: "\n") + "\n"
            let line = commands.first?.line ?? step.line
            return [planned(HostCommand(argv: shell, stdin: text), label: "L\(line)", documented: (commands.last?.expect ?? []).map(rewrite),
                            line: line, outputLine: step.outputBlock.map { $0 + 1 } ?? step.line, text: String(text.dropLast()))]
        case .python:
            let text = commands.map { rewrite($0.text) }.joined(separator: "\n")
            return [planned(HostCommand(argv: ["python3", "-"], stdin: text), label: "L\(step.line + 1)", documented: [],
                            line: step.line + 1, outputLine: step.line + 1, text: "python3 - <<'…' (the block at L\(step.line))")]
        case .transcript:
            return commands.map { command in
                let text = rewrite(command.text)
                return planned(HostCommand(argv: shell, stdin: text + "\n"), label: "L\(command.line)", documented: command.expect.map(rewrite),
                               line: command.line,
                               outputLine: command.line + text.split(separator: "\n", omittingEmptySubsequences: false).count,
                               text: text)
            }
        case .file, .upload:
            guard let file = step.file, let destination = file.destination else { return [] }
            let verb = file.append ? "add" : "write"
            return [planned(HostCommand(argv: FileWriter.argv(destination: destination, mode: file.mode, append: file.append),
                                        stdin: fill(file.content)),
                            label: "\(verb) \(destination)", documented: [], line: step.line, outputLine: step.line,
                            text: "\(verb) \(file.source ?? "the block") to \(destination)\(file.append ? " (once)" : "")")]
        case .inventory, .skipped:
            return []
        }
    }

    /// `command` run inside an `on:` host's wrapper (`docker exec -i milvus_rootcoord sh`): the wrapper
    /// gets shell text and picks the interpreter (usually `sh`), so shell text starts with `set -e` to
    /// keep stop-on-error. Any other command (python3, a file writer) is started by that text, with
    /// its own input in a here-document: readable text as it is, other bytes in base64.
    static func wrapped(_ command: HostCommand, in wrap: String) -> HostCommand {
        if ["bash", "sh"].contains(command.argv.first ?? ""), command.argv.last == "-s" {   // shell text on stdin
            return HostCommand(argv: ["sh", "-c", wrap], stdin: "set -e\n" + command.stdin)
        }
        let run = command.argv.map(SessionScript.word).joined(separator: " ")
        let text = command.stdin
        if !text.isEmpty, text.hasSuffix("\n"), !text.utf8.contains(0) {
            var delimiter = "RUNBOOK_EOF"
            let lines = Set(text.split(separator: "\n", omittingEmptySubsequences: false))
            while lines.contains(Substring(delimiter)) { delimiter += "_" }
            return HostCommand(argv: ["sh", "-c", wrap], stdin: "set -e\n\(run) <<'\(delimiter)'\n\(text)\(delimiter)\n")
        }
        let encoded = Data(text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        return HostCommand(argv: ["sh", "-c", wrap], stdin: "set -e\nt=$(mktemp)\ntrap 'rm -f -- \"$t\"' EXIT\nbase64 -d > \"$t\" <<'RUNBOOK_B64'\n"
                           + encoded + (encoded.isEmpty ? "" : "\n") + "RUNBOOK_B64\n\(run) < \"$t\"\n")
    }
}
