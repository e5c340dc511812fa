import Foundation

/// The human report for one verification (SPEC §8, research §7.4): a header with verdict, location,
/// host, attempts and exit status; the command; a diff labelled documented vs actual with line numbers
/// on both sides (holes show both values, elisions and long equal runs are folded); the reasons.
/// Exit-status failures show the tail of the output instead of a diff.
public enum MismatchReport {
    /// Equal lines kept around changes when a long equal run is folded.
    static let context = 3

    /// Renders `result` for the command at `location` (`file:line`) on `host`. `documentedStartLine`
    /// is the file line of the first documented output line, so the `doc` column shows file lines.
    public static func render(_ result: VerificationResult, location: String, host: String, attempts: Int,
                              elapsed: Double, documentedStartLine: Int) -> String {
        var out: [String] = []
        let badge: String
        switch result.verdict {
        case .pass: badge = "✓ PASS "
        case .drift: badge = "≈ DRIFT"
        case .fail: badge = "✗ FAIL "
        }
        let exitWord = "exit \(result.exitStatus)" + (result.failedOnExitStatus ? " (expected \(result.expectedExit.description))" : "")
        let attemptWord = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        out.append("\(badge)  \(location) · host \(host) · \(attemptWord) · \(String(format: "%.1f", elapsed)) s · \(exitWord)")
        // The command as the guide shows it: `$ ` before its first line, continuation lines indented.
        let commandLines = result.command.split(separator: "\n", omittingEmptySubsequences: false)
            .reversed().drop(while: { $0.allSatisfy(\.isWhitespace) }).reversed()
        for (index, line) in commandLines.enumerated() { out.append((index == 0 ? "  $ " : "    ") + line) }

        if result.failedOnExitStatus {
            out.append("  ---- last \(result.outputTail.count) line(s) of output")
            if result.outputTail.isEmpty { out.append("     (no output)") }
            for line in result.outputTail { out.append("     | \(line)") }
            out.append("  ----")
        } else if !result.diff.isEmpty && result.verdict != .pass {
            out += renderDiff(result, location: location, attempts: attempts, start: documentedStartLine)
        }

        var lastLabel = ""
        for reason in result.reasons {
            let isDrift = reason.hasPrefix("drift: ")
            let label = isDrift ? "drift" : "why"
            let text = isDrift ? String(reason.dropFirst("drift: ".count)) : reason
            out.append("  " + (label == lastLabel ? "     " : label.padding(toLength: 5, withPad: " ", startingAt: 0)) + "   " + text)
            lastLabel = label
        }
        let ignoredHoles = result.holes.filter { $0.documented != $0.actual }.count
        var notes = result.notes
        if ignoredHoles > 0 { notes.insert("\(ignoredHoles) volatile value(s) matched by kind", at: 0) }
        notes.append("compared as \(result.method)")
        out.append("  notes   " + notes.joined(separator: " · "))
        return out.joined(separator: "\n")
    }

    private static func renderDiff(_ result: VerificationResult, location: String, attempts: Int, start: Int) -> [String] {
        var out: [String] = []
        let file = location.split(separator: ":", omittingEmptySubsequences: false).dropLast().joined(separator: ":")
        let end = start + max(result.documentedLineCount, 1) - 1
        out.append("  ---- documented  \(file.isEmpty ? location : file):\(start)-\(end)")
        out.append("  ++++ actual      attempt \(attempts)")
        out.append("   doc   act")

        func docNumber(_ n: Int?) -> String { pad(n.map { String(start + $0 - 1) } ?? "", 5) }
        func actNumber(_ n: Int?) -> String { pad(n.map(String.init) ?? "", 5) }
        func row(_ line: DiffLine, _ marker: String, _ text: String) -> String {
            var s = " \(docNumber(line.documentedLine)) \(actNumber(line.actualLine)) \(marker) \(text)"
            if let note = line.note { s += "    (\(note))" }
            return s
        }

        let lines = result.diff
        // Which equal lines are close enough to a change to be shown.
        let changed = lines.indices.filter { ![.equal, .ignored].contains(lines[$0].kind) }
        func nearChange(_ k: Int) -> Bool { changed.contains { abs($0 - k) <= context } }

        var k = 0
        while k < lines.count {
            let line = lines[k]
            switch line.kind {
            case .elided:
                // Fold the elision marker and everything it absorbed into one line.
                var absorbed: [Int] = []
                var marker = line.documented
                var firstDoc = line.documentedLine
                var j = k
                while j < lines.count, lines[j].kind == .elided {
                    if let a = lines[j].actualLine { absorbed.append(a) }
                    if marker == nil { marker = lines[j].documented; firstDoc = lines[j].documentedLine }
                    j += 1
                }
                let range = absorbed.isEmpty ? "" : absorbed.count == 1 ? "\(absorbed[0])" : "\(absorbed.first!)-\(absorbed.last!)"
                let what = marker.map { "elided by \"\($0)\"" } ?? "elided"
                out.append(" \(docNumber(firstDoc)) \(pad(range, 5)) … \(absorbed.count) line(s) \(what)")
                k = j
            case .equal, .ignored:
                var j = k
                while j < lines.count, [.equal, .ignored].contains(lines[j].kind), !nearChange(j) { j += 1 }
                if j - k > 1 {
                    out.append("             ⋮ \(j - k) matching or ignored line(s)")
                    k = j
                } else {
                    out.append(row(line, line.kind == .ignored ? "·" : " ", line.actual ?? line.documented ?? ""))
                    k += 1
                }
            case .missing:
                out.append(row(line, "-", line.documented ?? ""))
                // A changed line (`-` then `+`): point at what differs.
                if k + 1 < lines.count, lines[k + 1].kind == .extra, let doc = line.documented, let act = lines[k + 1].actual {
                    out.append(row(lines[k + 1], "+", act))
                    if let carets = carets(doc, act) { out.append(String(repeating: " ", count: 15) + carets) }
                    k += 2
                } else {
                    k += 1
                }
            case .extra:
                out.append(row(line, "+", line.actual ?? ""))
                k += 1
            case .hole:
                out.append(row(line, "~", line.documented ?? line.actual ?? ""))
                k += 1
            case .drift:
                var shown = line
                if let doc = line.documented, let act = line.actual, doc != act {
                    shown.note = [line.note, "documented \"\(doc)\""].compactMap { $0 }.joined(separator: "; ")
                }
                out.append(row(shown, "≈", line.actual ?? line.documented ?? ""))
                k += 1
            case .moved:
                out.append(row(line, "↕", line.actual ?? line.documented ?? ""))
                k += 1
            }
        }
        out.append("  ----")
        return out
    }

    /// `^` under the part of `actual` that differs from `documented` (common prefix and suffix excluded).
    static func carets(_ documented: String, _ actual: String) -> String? {
        let d = Array(documented), a = Array(actual)
        var prefix = 0
        while prefix < min(d.count, a.count), d[prefix] == a[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(d.count, a.count) - prefix, d[d.count - 1 - suffix] == a[a.count - 1 - suffix] { suffix += 1 }
        let width = a.count - prefix - suffix
        guard width > 0, prefix > 0 || suffix > 0 else { return nil }
        return String(repeating: " ", count: prefix) + String(repeating: "^", count: width)
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
