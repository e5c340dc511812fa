/// The plan as a review document for people: grouped by section, each step with its hosts and where
/// they came from, the exact text that runs, what is verified, and the guide's problems beside their steps.
public struct PlanRenderer: Sendable {
    /// Use ANSI colour (only on a terminal, and never with NO_COLOR).
    public var color: Bool
    /// Wrap prose at this width.
    public var width: Int

    public init(color: Bool, width: Int = 100) {
        self.color = color
        self.width = width
    }

    /// Renders the whole review.
    public func render(_ plan: Plan) -> String {
        let runbook = plan.runbook
        let diagnostics = plan.diagnostics
        var out = ""
        let runnable = runbook.steps.filter(\.runs)
        let counts = Dictionary(grouping: diagnostics, by: \.severity).mapValues(\.count)
        out += bold("runbook plan") + "  \(runbook.path)  " + dim("sha256 \(runbook.sha256.prefix(12))") + "\n"
        let count = { (kind: StepKind) in runbook.steps.filter { $0.kind == kind }.count }
        out += ("\(runbook.steps.count) steps: \(runnable.count) run, \(count(.upload)) upload, \(count(.file)) file, "
            + "\(count(.inventory)) host table, \(count(.skipped)) not run · "
            + "hosts: \(runbook.hosts.isEmpty ? "none" : runbook.hosts.joined(separator: ", "))").hanging(width: width, indent: 2) + "\n"
        if !runbook.inventory.isEmpty {
            out += ("guide inventory: " + runbook.inventory.map { "\($0.address) \($0.name)\($0.role.isEmpty ? "" : " (\($0.role))")" }
                .joined(separator: ", ")).hanging(width: width, indent: 2) + "\n"
        }
        var section: String? = nil
        let byLine = Dictionary(grouping: diagnostics, by: \.line)
        var shown = Set<Int>()
        for step in runbook.steps {
            if step.section != section {
                section = step.section
                out += "\n" + bold("§ " + (step.section.isEmpty ? "(before the first heading)" : step.section)) + "\n"
            }
            out += renderStep(step)
            // Beside a step: what is about its own lines, and host problems found in the prose it took hosts from.
            let own = Set([step.line] + step.commands.map(\.line))
            let lines = own.union(step.hostTags.map(\.line))
            for line in lines.sorted() {
                for diagnostic in byLine[line] ?? [] where own.contains(line) || diagnostic.code.rawValue.hasPrefix("host-") {
                    out += "    " + badge(diagnostic) + " " + diagnostic.message.wrapped(width: width, indent: 12).dropFirst(12) + "\n"
                    shown.insert(line)
                }
            }
        }
        out += "\n" + bold("Diagnostics") + "  "
            + "\(counts[.error] ?? 0) error\(counts[.error] == 1 ? "" : "s"), \(counts[.warning] ?? 0) warning\(counts[.warning] == 1 ? "" : "s"), \(counts[.note] ?? 0) note\(counts[.note] == 1 ? "" : "s")\n"
        for diagnostic in diagnostics {
            let location = "\(diagnostic.file ?? runbook.path):\(diagnostic.line)"
            out += "  " + badge(diagnostic) + " \(location) [\(diagnostic.code)]\n"
            out += diagnostic.message.wrapped(width: width, indent: 4) + "\n"
            out += dim(("hint: " + diagnostic.hint).wrapped(width: width, indent: 4)) + "\n"
        }
        if diagnostics.hasErrors {
            out += "\n" + paint("`run` refuses this guide until the errors above are fixed or annotated.", "31") + "\n"
        }
        return out
    }

    private func renderStep(_ step: Step) -> String {
        // Wrapped as plain text (colour codes would count as columns), then the id is emboldened.
        // (The wrapper keeps no leading spaces: the indent is added after.)
        let header = ("\(step.id)  L\(step.line)  " + describe(step, color: false)).hanging(width: width - 2, indent: 6)
        var out = "  " + bold(step.id) + header.dropFirst(step.id.count) + "\n"
        if let note = step.note {
            out += "    " + dim(note.continued(at: 4, width: width, indent: 6)) + "\n"
            return out
        }
        if step.kind == .inventory { return out }
        // Hosts and their provenance: the deciding evidence per host, then other evidence grouped.
        var others: [(key: String, hosts: [String])] = []
        for tag in step.hostTags {
            let decisive = tag.source == step.hostSource || ((step.hostSource == .prose || step.hostSource == .heading) && tag.source == .prompt)
            let label = "\(tag.source.rawValue) L\(tag.line)  “\(tag.evidence)”"
            if decisive {
                out += "    host " + tag.host.padded(16) + " " + dim(label.continued(at: 26, width: width, indent: 26)) + "\n"
            } else if let index = others.firstIndex(where: { $0.key == label }) {
                others[index].hosts.append(tag.host)
            } else {
                others.append((label, [tag.host]))
            }
        }
        for other in others {
            out += "    " + dim(("also " + other.hosts.joined(separator: ", ") + "  " + other.key).continued(at: 4, width: width, indent: 9)) + "\n"
        }
        if let file = step.file {
            if let destination = file.destination {
                let how = file.append ? "adds to " : "writes "
                let mode = file.mode.map { ", mode \($0)" } ?? ""
                let said = "(\(file.destinationSource ?? ""))"
                let head = "    " + how + destination + (file.append ? " (once)" : "") + mode
                out += head + " " + dim(said.continued(at: head.count + 1, width: width, indent: 6)) + "\n"
            } else {
                out += "    " + paint("no destination:", "33") + " kept under logs/RUN_ID/files/\(step.id.replacing("/", with: "_")).\(step.lang)\n"
                out += "    " + dim("(annotate <!-- runbook: file=PATH --> to write it on its hosts)") + "\n"
            }
            if let source = file.source {
                out += dim("    │ from \(source) (\(file.content.utf8.count) bytes)") + "\n"
            } else {
                let lines = file.content.split(separator: "\n", omittingEmptySubsequences: false)
                let language = step.kind == .file && FileContentRule.contentLanguages.contains(step.lang) && !step.lang.isEmpty ? step.lang.uppercased() : "text"
                out += dim("    │ " + "\(lines.count - 1) line\(lines.count == 2 ? "" : "s") of \(language)") + "\n"
            }
        }
        // The exact text, per host when the block splits by host.
        for command in step.commands {
            let host = command.host.map { $0 + " " } ?? ""
            let marker = step.kind == .python ? "│ " : "$ "
            let lines = command.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (offset, text) in lines.enumerated() where !(offset == lines.count - 1 && text.isEmpty) {
                let gutter = offset == 0 || step.kind == .python ? dim(String("L\(command.line + offset)".padded(5))) : "     "
                out += "    " + gutter + " " + paint(host, "36") + (offset == 0 || step.kind == .python ? marker : "  ") + text + "\n"
            }
            if !command.expect.isEmpty {
                out += "          " + dim("expects:") + "\n"
                for line in command.expect { out += "          " + dim("│ ") + line + "\n" }
            }
        }
        if !step.inSession && step.runs {
            out += "    " + dim("session: fresh (annotated): starts from a fresh login, leaves the host's session as it was") + "\n"
        } else if !step.inherits.isEmpty {
            out += "    " + ("inherits " + step.inherits.joined(separator: ", ")).hanging(width: width - 4, indent: 2)
                .replacing("\n", with: "\n    ") + "\n"
        }
        if step.runs {
            var verify = dim("verify: ")
            verify += step.commands.contains { !$0.expect.isEmpty } ? "exit status 0 and documented output" : "exit status 0"
            if let block = step.outputBlock { verify += dim(" (the output block at L\(block))") }
            if step.verify.mode != "auto" { verify += " (mode \(step.verify.mode))" }
            if step.verify.attempts > 1 {
                verify += "; retried up to \(step.verify.attempts)× every \(format(step.verify.every))s"
                if let timeout = step.verify.timeout { verify += ", \(format(timeout))s per attempt" }
                if let reason = step.verify.retryReason { verify += dim(" (\(reason))") }
            }
            if step.verify.strict { verify += "; strict" }
            out += "    " + verify.continued(at: 4, width: width, indent: 6) + "\n"
        }
        return out
    }

    private func describe(_ step: Step, color: Bool = true) -> String {
        let paint = { (text: String, code: String) in color ? self.paint(text, code) : text }
        let dim = { (text: String) in color ? self.dim(text) : text }
        let lang = step.inferred.map { paint("inferred \($0)", "35") + " " } ?? (step.lang.isEmpty ? "" : step.lang + " ")
        switch step.kind {
        case .inventory: return lang + "host table — facts, never run"
        case .skipped: return lang + "block — " + paint("not run", "33")
        case .file: return lang + "file" + " → " + (step.hosts.isEmpty ? "?" : step.hosts.joined(separator: ", "))
        default:
            return lang + step.kind.rawValue + " on " + paint(step.hosts.isEmpty ? "?" : step.hosts.joined(separator: ", "), step.hosts.isEmpty ? "33" : "36")
                + dim(" (\(step.hostSource.rawValue))")
        }
    }

    private func badge(_ diagnostic: Diagnostic) -> String {
        switch diagnostic.severity {
        case .error: return paint("error  ", "1;31")
        case .warning: return paint("warning", "33")
        case .note: return paint("note   ", "34")
        }
    }

    private func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    private func paint(_ text: String, _ code: String) -> String {
        color && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
    private func bold(_ text: String) -> String { paint(text, "1") }
    private func dim(_ text: String) -> String { paint(text, "2") }
}

extension String {
    /// Pads with spaces to at least `width` characters.
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }

    /// Word-wraps at `width` columns: the first line as it starts, the others indented by `indent`.
    /// Word-wrapped for a line that starts at column `column`: the first line to `width` in all,
    /// later lines indented to `indent` and wrapped to `width` too.
    func continued(at column: Int, width: Int, indent: Int) -> String {
        wrappedLines(first: max(width - column, 16), rest: max(width - indent, 16)).enumerated()
            .map { $0.offset == 0 ? $0.element : String(repeating: " ", count: indent) + $0.element }
            .joined(separator: "\n")
    }

    func hanging(width: Int, indent: Int) -> String {
        wrappedLines(first: width, rest: width - indent).enumerated()
            .map { $0.offset == 0 ? $0.element : String(repeating: " ", count: indent) + $0.element }
            .joined(separator: "\n")
    }

    /// Word-wraps at `width` columns, every line indented by `indent`.
    func wrapped(width: Int, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return wrappedLines(first: width - indent, rest: width - indent).map { pad + $0 }.joined(separator: "\n")
    }

    /// Lines of at most `first` (then `rest`) display columns, CJK counted double; a longer word stays whole.
    private func wrappedLines(first: Int, rest: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var columns = 0
        func columnsOf(_ c: Character) -> Int { (c.unicodeScalars.first?.value ?? 0) >= 0x1100 ? 2 : 1 }
        for word in split(separator: " ", omittingEmptySubsequences: false) {
            let w = word.reduce(0) { $0 + columnsOf($1) }
            if columns > 0 && columns + 1 + w > (lines.isEmpty ? first : rest) {
                lines.append(current)
                current = ""
                columns = 0
            }
            if columns > 0 { current += " "; columns += 1 }
            current += word
            columns += w
        }
        lines.append(current)
        return lines
    }
}
