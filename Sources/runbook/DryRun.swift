import Foundation
import RunbookCore
import RunbookRuntime

/// `run --dry-run`: per (step, host), the exact command line and the bytes it would send.
enum DryRun {
    static func render(_ plan: Plan) -> String {
        var out = "\nDry run: what each (step, host) would start; no connection opened.\n"
        // The session prelude is the same text for every command: shown once, then named.
        var shownPrelude: String?
        // So is each file writer's script.
        var shownWriters = Set<String>()
        for planned in plan.steps {
            for pair in planned.pairs {
                guard pair.binding != nil, let transport = Transports.forDryRun(pair.endpoint, plan: plan) else { continue }
                for command in pair.commands {
                    // The bytes the endpoint receives: in the host's session (its state known only at run
                    // time, shown as one comment), inside the host's `on:` wrapper.
                    let sent = Planner.delivered(command, of: pair, session: command.session ? .dryRun : nil,
                                                 become: plan.inventory?.become(for: pair.host))
                    out += "\n\(planned.step.id) @ \(pair.host)  (\(sent.stdin.utf8.count) bytes on stdin)\n"
                    out += "  $ " + transport.commandLine(for: sent).map(shellQuote).joined(separator: " ") + "\n"
                    var stdin = sent.stdin
                    for script in FileWriter.quotedScripts where stdin.contains(script) {
                        if !shownWriters.insert(script).inserted { stdin = stdin.replacing(script, with: Self.writerShown) }
                    }
                    var lines = stdin.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
                        line.contains(Self.writerShown)
                            ? "  ~ \(line.replacing(Self.writerShown, with: "(the file writer shown above)"))\n" : "  | \(line)\n"
                    }
                    if let start = lines.firstIndex(of: "  | \(SessionScript.marker)\n"),
                       let end = lines[start...].firstIndex(of: "  | \(SessionScript.textMarker)\n") {
                        let prelude = lines[start...end].joined()
                        if prelude == shownPrelude {
                            lines.replaceSubrange(start...end, with: ["  ~ (the session prelude shown above)\n"])
                        } else if shownPrelude == nil, prelude.contains("trap __rb_exit EXIT") {
                            shownPrelude = prelude
                        }
                    }
                    out += lines.joined()
                }
            }
        }
        // A become password is in the bytes; like every secret it is masked here.
        return plan.secrets.mask(out)
    }

    /// Stands for a file writer's script already shown, until the line is written.
    private static let writerShown = "\u{1}writer\u{1}"

    static func shellQuote(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) } && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
