import Foundation

/// Verifies one command's actual output against what the guide documents (SPEC §8, research §7.2).
/// Pure: text in, a `VerificationResult` out; the runtime supplies output and exit status.
public enum OutputMatcher {
    /// How many trailing output lines a result keeps for exit-status reports.
    public static let tailLength = 20

    /// Verifies `actual` (combined output, raw: CRLF, ANSI and all) against the `documented` output
    /// lines of `command`, given the command's `exitStatus`.
    ///
    /// Order of checks: exit status first (a failing command fails whatever it printed); then, by
    /// `options.mode`: `exit` stops there; `contains`, `regex`, `lines`, `http` apply their rule;
    /// `auto` picks HTTP comparison for `curl -i`-like documentation, table comparison for column
    /// tables, and tolerant line alignment otherwise. Error signatures the guide does not show fail
    /// in `auto`, `lines` and `http`. `strict` turns drift into failure.
    public static func verify(command: String, documented: [String], actual: String, exitStatus: Int32,
                              options: VerificationOptions) -> VerificationResult {
        let doc = OutputNormalizer.lines(of: documented)
        var act = OutputNormalizer.lines(of: actual)
        // Without a terminal curl prints its progress meter on stderr, which the runner records with
        // stdout; a guide's transcript (from a terminal) never shows it.
        if command.contains("curl"), !documented.contains(where: { $0.contains("% Total") }) {
            act = OutputNormalizer.withoutCurlProgress(act)
        }
        // Re-running a deploy (a resume, a second try) makes Docker say "Updating service X (id: …)"
        // where the guide shows "Creating service X": the same outcome, reported as a note.
        let (variants, rerun) = OutputNormalizer.rerunVariants(act, documented: doc)
        act = variants
        var result = VerificationResult(verdict: .pass, command: command, method: options.mode, exitStatus: exitStatus,
                                        expectedExit: options.exit, outputTail: act.suffix(tailLength).map(\.text),
                                        documentedLineCount: documented.count)

        guard options.exit.accepts(exitStatus) else {
            result.verdict = .fail
            result.failedOnExitStatus = true
            result.reasons = ["exit status \(exitStatus) (expected \(options.exit.description))"]
            return result
        }

        var mode = options.mode.lowercased()
        var findings = Findings()
        if !["auto", "exit", "lines", "contains", "regex", "http"].contains(mode) {
            findings.notes.append("unknown verify mode \"\(options.mode)\"; used auto")
            mode = "auto"
        }
        let documentsSomething = doc.contains { !Elision.isElision($0.text) }

        switch mode {
        case "exit":
            result.method = "exit"
        case "http":
            result.method = "http"
            findings.absorb(HTTPComparison.compare(documented: doc, actual: act, tolerant: true))
            findings.absorb(signatures(doc, act))
        case _ where !documentsSomething:
            // Nothing documented (or only `...`): the exit status is the whole contract.
            result.method = "empty"
        case "contains":
            result.method = "contains"
            findings.absorb(contains(doc, act))
        case "regex":
            result.method = "regex"
            findings.absorb(regex(doc, act))
        case "lines":
            result.method = "lines"
            findings.absorb(LineAlignment.compare(documented: doc, actual: act,
                                                  policy: .init(unorderedGroups: false, tolerant: false)))
            findings.absorb(signatures(doc, act))
        default:
            if HTTPComparison.looksLikeHTTP(doc) {
                result.method = "http"
                findings.absorb(HTTPComparison.compare(documented: doc, actual: act, tolerant: true))
            } else if TableComparison.looksLikeTable(doc), let table = TableComparison.compare(documented: doc, actual: act) {
                result.method = "table"
                findings.absorb(table)
            } else {
                result.method = "auto"
                findings.absorb(LineAlignment.compare(documented: doc, actual: act))
            }
            findings.absorb(signatures(doc, act))
        }

        result.diff = findings.diff
        result.holes = findings.holes
        result.notes = findings.notes + (rerun > 0 ? ["\(rerun) line(s) \"Updating service …\" accepted for the documented \"Creating service …\" (a re-run)"] : [])
        // Drift reasons carry a prefix so a mixed list (FAIL with some drift) stays readable.
        result.reasons = findings.failures + findings.drifts.map { "drift: " + $0 }
        if !findings.failures.isEmpty {
            result.verdict = .fail
        } else if !findings.drifts.isEmpty {
            result.verdict = options.strict ? .fail : .drift
            if options.strict { result.reasons.append("strict: drift counts as failure") }
        }
        return result
    }

    /// Error signatures printed today that the guide does not show.
    private static func signatures(_ doc: [NumberedLine], _ act: [NumberedLine]) -> Findings {
        var findings = Findings()
        for (name, line) in ErrorSignatures.unexpected(documented: doc, actual: act) {
            findings.failures.append("error signature \"\(name)\" in actual line \(line.number): \"\(line.text)\"")
        }
        return findings
    }

    /// `contains`: every documented line (with holes) occurs somewhere in the actual output, in any order.
    private static func contains(_ doc: [NumberedLine], _ act: [NumberedLine]) -> Findings {
        var findings = Findings()
        for line in doc where !Elision.isElision(line.text) {
            let pattern = LinePattern(line.text)
            if let hit = act.first(where: { pattern.occurs(in: $0.text) }) {
                findings.diff.append(DiffLine(hit.text == line.text ? .equal : .hole, documentedLine: line.number,
                                              actualLine: hit.number, documented: line.text, actual: hit.text))
            } else {
                findings.failures.append("not found anywhere in the output: \"\(line.text)\" (documented line \(line.number))")
                findings.diff.append(DiffLine(.missing, documentedLine: line.number, documented: line.text))
            }
        }
        return findings
    }

    /// `regex`: each documented line is a regular expression that must match (search) some actual line.
    private static func regex(_ doc: [NumberedLine], _ act: [NumberedLine]) -> Findings {
        var findings = Findings()
        for line in doc where !Elision.isElision(line.text) {
            guard let re = try? NSRegularExpression(pattern: line.text) else {
                findings.failures.append("documented line \(line.number) is not a valid regular expression: \"\(line.text)\"")
                findings.diff.append(DiffLine(.missing, documentedLine: line.number, documented: line.text, note: "invalid regex"))
                continue
            }
            if let hit = act.first(where: { re.matches($0.text) }) {
                findings.diff.append(DiffLine(.hole, documentedLine: line.number, actualLine: hit.number,
                                              documented: line.text, actual: hit.text))
            } else {
                findings.failures.append("no actual line matches /\(line.text)/ (documented line \(line.number))")
                findings.diff.append(DiffLine(.missing, documentedLine: line.number, documented: line.text))
            }
        }
        return findings
    }
}
