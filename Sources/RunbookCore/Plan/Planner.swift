/// Makes the `Plan`: for every step that acts on hosts and every host it runs on, the exact commands
/// and bytes, with the inventory's address rewrites and `on:` wrappers applied. Pure.
public enum Planner {
    /// The plan of `runbook` against `inventory` (nil: hosts stay as the guide names them, nothing is
    /// rewritten or wrapped), narrowed to `selection`.
    public static func plan(_ runbook: Runbook, inventory: Inventory? = nil, selection: Selection = Selection()) -> Plan {
        let redactor = Background { Redactor(runbook: runbook, inventory: inventory) }
        let acting = selected(runbook.steps.filter { $0.runs || $0.kind == .file || $0.kind == .upload }, selection)
        // Steps are independent: a long guide's are planned on every core.
        let chunks = acting.count > 2_000 ? Parallel.pieces : 1
        let steps = Parallel.map(chunks) { chunk in
            acting[(chunk * acting.count / chunks)..<((chunk + 1) * acting.count / chunks)].map { step in
                PlannedStep(step: step, pairs: step.hosts.filter { selection.hosts?.contains($0) ?? true }.map { host in
                    pair(step, host: host, inventory: inventory)
                })
            }
        }.flatMap { $0 }
        let unbound = inventory?.unboundHosts(in: runbook, only: selection.hosts) ?? []
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
    static func pair(_ step: Step, host: String, inventory: Inventory?) -> PlannedPair {
        let binding = inventory?.binding(for: host)
        var endpoint = host
        var wrap: String?
        if case .on(let base, let wrapper) = binding {
            endpoint = base
            wrap = wrapper
        }
        if let file = step.file, file.destination == nil {
            return PlannedPair(host: host, binding: binding, endpoint: endpoint, commands: [], kept: file.content)
        }
        let commands = self.commands(step, host: host, rewrite: { inventory?.rewrite($0) ?? $0 }).map { planned in
            var planned = planned
            if let wrap { planned.sent = wrapped(planned.command, in: wrap) }
            return planned
        }
        return PlannedPair(host: host, binding: binding, endpoint: endpoint, commands: commands, kept: nil)
    }

    /// The interpreter every shell command runs in: stop on the first error, unset variables and
    /// failed pipes included; the text comes on stdin.
    static let shell = ["bash", "-euo", "pipefail", "-s"]

    /// What runs for (`step`, `host`), in order.
    static func commands(_ step: Step, host: String, rewrite: (String) -> String) -> [PlannedCommand] {
        let commands = step.commands(for: host)
        func planned(_ command: HostCommand, label: String, documented: [String], line: Int, outputLine: Int, text: String) -> PlannedCommand {
            PlannedCommand(command: command, sent: command, label: label, documented: documented, line: line,
                           outputLine: outputLine, text: text)
        }
        switch step.kind {
        case .script:
            let text = commands.map { rewrite($0.text) }.joined(separator: "\n") + "\n"
            let line = commands.first?.line ?? step.line
            return [planned(HostCommand(argv: shell, stdin: text), label: "L\(line)", documented: commands.last?.expect ?? [],
                            line: line, outputLine: step.line, text: String(text.dropLast()))]
        case .python:
            let text = commands.map { rewrite($0.text) }.joined(separator: "\n")
            return [planned(HostCommand(argv: ["python3", "-"], stdin: text), label: "L\(step.line + 1)", documented: [],
                            line: step.line + 1, outputLine: step.line + 1, text: "python3 - <<'…' (the block at L\(step.line))")]
        case .transcript:
            return commands.map { command in
                let text = rewrite(command.text)
                return planned(HostCommand(argv: shell, stdin: text + "\n"), label: "L\(command.line)", documented: command.expect,
                               line: command.line,
                               outputLine: command.line + text.split(separator: "\n", omittingEmptySubsequences: false).count,
                               text: text)
            }
        case .file, .upload:
            guard let file = step.file, let destination = file.destination else { return [] }
            let script = "mkdir -p -- \"$(dirname -- \"$1\")\" && cat > \"$1\""
            return [planned(HostCommand(argv: ["sh", "-c", script, "sh", destination], stdin: file.content),
                            label: "write \(destination)", documented: [], line: step.line, outputLine: step.line,
                            text: "write \(file.source ?? "the block") to \(destination)")]
        case .inventory, .skipped:
            return []
        }
    }

    /// `command` run inside an `on:` host's wrapper (`docker exec -i milvus_rootcoord sh`): the wrapper
    /// gets the text and picks the interpreter (usually `sh`), so shell text starts with `set -e` to
    /// keep stop-on-error.
    static func wrapped(_ command: HostCommand, in wrap: String) -> HostCommand {
        let isShell = command.argv.first.map { ["bash", "sh"].contains($0) } ?? false
        return HostCommand(argv: ["sh", "-c", wrap], stdin: isShell ? "set -e\n" + command.stdin : command.stdin)
    }
}
