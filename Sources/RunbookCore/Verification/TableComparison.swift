import Foundation

/// Column tables (`kubectl get nodes`, `docker ps`, `docker service ls`): rows are matched by their
/// first column (the name), columns by header name, so re-ordered rows, re-aligned columns and
/// ageing values are not differences, while a node going `NotReady` is. Research §7.2(e).
enum TableComparison {
    /// Header words that make an all-caps first line a table header rather than shouting prose.
    private static let knownColumns: Set<String> = [
        "NAME", "NAMES", "ID", "STATUS", "AGE", "READY", "CONTAINER ID", "IMAGE", "IMAGE ID", "NAMESPACE",
        "TYPE", "CREATED", "PORTS", "PORT(S)", "MODE", "REPLICAS", "NODE", "VERSION", "ROLES", "RESTARTS",
        "CLUSTER-IP", "EXTERNAL-IP", "UP-TO-DATE", "AVAILABLE", "DESIRED STATE", "CURRENT STATE",
        "REPOSITORY", "TAG", "SIZE", "COMMAND", "STATE", "HOSTNAME", "DRIVER", "SCOPE",
    ]
    /// Columns whose values change by themselves: any value is accepted.
    private static let volatileColumns: Set<String> = [
        "AGE", "CREATED", "RESTARTS", "LAST SEEN", "UPTIME", "SINCE", "DURATION", "ID", "CONTAINER ID", "IMAGE ID",
    ]
    /// Columns that say whether the thing works: a changed value fails rather than drifts.
    private static let statusColumns: Set<String> = [
        "STATUS", "READY", "STATE", "CURRENT STATE", "DESIRED STATE", "PHASE", "HEALTH", "REPLICAS", "AVAILABLE",
    ]

    private struct Header {
        var names: [String]
        var starts: [Int]
    }

    private static let headerWord = try! NSRegularExpression(pattern: "^[A-Z][A-Z0-9_/().%-]*(?: [A-Z][A-Z0-9_/().%-]*)*$")

    /// Column names and start offsets when the line looks like a table header. Columns are separated
    /// by two or more spaces, so `CONTAINER ID` stays one column.
    private static func header(_ line: String) -> Header? {
        let chars = Array(line)
        var starts: [Int] = []
        for k in chars.indices where chars[k] != " " && (k == 0 || (k >= 2 && chars[k - 1] == " " && chars[k - 2] == " ")) {
            starts.append(k)
        }
        let names = cells(chars, starts)
        guard names.count >= 2, names.allSatisfy({ headerWord.matches($0) }),
              names.contains(where: knownColumns.contains) else { return nil }
        return Header(names: names, starts: starts)
    }

    /// A row cut at the header's column starts.
    private static func cells(_ chars: [Character], _ starts: [Int]) -> [String] {
        starts.indices.map { c in
            let lower = min(starts[c], chars.count)
            let upper = c + 1 < starts.count ? min(starts[c + 1], chars.count) : chars.count
            return String(chars[lower..<upper]).trimmingCharacters(in: .whitespaces)
        }
    }

    /// True when the documented output is a single table: a header, then rows, no blank line.
    static func looksLikeTable(_ documented: [NumberedLine]) -> Bool {
        guard documented.count >= 2, header(documented[0].text) != nil else { return false }
        return !documented.contains { $0.text.isEmpty }
    }

    /// Compares tables; nil when the actual output is not a table with the same first column
    /// (the caller then falls back to line comparison, which reports the header as missing).
    static func compare(documented: [NumberedLine], actual: [NumberedLine]) -> Findings? {
        guard let docHeader = header(documented[0].text), let first = actual.first,
              let actHeader = header(first.text), actHeader.names.first == docHeader.names.first else { return nil }
        var findings = Findings()

        let missingColumns = docHeader.names.filter { !actHeader.names.contains($0) }
        if docHeader.names == actHeader.names {
            findings.diff.append(DiffLine(.equal, documentedLine: documented[0].number, actualLine: first.number,
                                          documented: documented[0].text, actual: first.text))
        } else {
            findings.diff.append(DiffLine(.drift, documentedLine: documented[0].number, actualLine: first.number,
                                          documented: documented[0].text, actual: first.text, note: "columns differ"))
            if !missingColumns.isEmpty { findings.drifts.append("table columns not printed today: \(missingColumns.joined(separator: ", "))") }
        }

        let docRows = documented.dropFirst().filter { !Elision.isElision($0.text) }
        let elided = documented.dropFirst().contains { Elision.isElision($0.text) }
        let actRows = Array(actual.dropFirst().filter { !$0.text.isEmpty })
        var used = Set<Int>()
        let keyColumn = docHeader.names[0]

        for docRow in docRows {
            let docCells = cells(Array(docRow.text), docHeader.starts)
            let key = LinePattern(docCells[0])
            guard let r = actRows.indices.first(where: {
                !used.contains($0) && key.match(cells(Array(actRows[$0].text), actHeader.starts)[0]) != nil
            }) else {
                findings.diff.append(DiffLine(.missing, documentedLine: docRow.number, documented: docRow.text,
                                              note: "no row with \(keyColumn) \(docCells[0])"))
                findings.failures.append("table row missing: \(keyColumn) \(docCells[0]) (documented line \(docRow.number))")
                continue
            }
            used.insert(r)
            let actRow = actRows[r]
            let actCells = cells(Array(actRow.text), actHeader.starts)
            var holeNotes: [String] = [], driftNotes: [String] = [], failNotes: [String] = []

            for (c, name) in docHeader.names.enumerated() {
                guard let ac = actHeader.names.firstIndex(of: name), c < docCells.count, ac < actCells.count else { continue }
                let documentedValue = docCells[c], actualValue = actCells[ac]
                if volatileColumns.contains(name) {
                    if documentedValue != actualValue {
                        holeNotes.append("\(name) was \"\(documentedValue)\", got \"\(actualValue)\"")
                        findings.holes.append(HoleMatch(kind: "column \(name)", documented: documentedValue, actual: actualValue,
                                                        documentedLine: docRow.number, actualLine: actRow.number))
                    }
                    continue
                }
                let pattern = LinePattern(documentedValue)
                if let values = pattern.match(actualValue) {
                    for (hole, value) in zip(pattern.holes, values) {
                        findings.holes.append(HoleMatch(kind: hole.kind.rawValue, documented: hole.documented, actual: value,
                                                        documentedLine: docRow.number, actualLine: actRow.number))
                        if hole.documented != value { holeNotes.append("\(name) ‹\(hole.kind.rawValue)› was \"\(hole.documented)\", got \"\(value)\"") }
                    }
                } else if statusColumns.contains(name) {
                    failNotes.append("\(name) was \"\(documentedValue)\", got \"\(actualValue)\"")
                } else {
                    driftNotes.append("\(name) was \"\(documentedValue)\", got \"\(actualValue)\"")
                }
            }

            let rowName = "\(keyColumn) \(docCells[0])"
            if !failNotes.isEmpty {
                findings.failures.append("table row \(rowName): \(failNotes.joined(separator: "; "))")
                findings.diff.append(DiffLine(.missing, documentedLine: docRow.number, documented: docRow.text,
                                              note: failNotes.joined(separator: "; ")))
                findings.diff.append(DiffLine(.extra, actualLine: actRow.number, actual: actRow.text))
            } else if !driftNotes.isEmpty {
                findings.drifts.append("table row \(rowName): \(driftNotes.joined(separator: "; "))")
                findings.diff.append(DiffLine(.drift, documentedLine: docRow.number, actualLine: actRow.number,
                                              documented: docRow.text, actual: actRow.text,
                                              note: (driftNotes + holeNotes).joined(separator: "; ")))
            } else {
                let kind: DiffLine.Kind = holeNotes.isEmpty && docRow.text == actRow.text ? .equal : .hole
                findings.diff.append(DiffLine(kind, documentedLine: docRow.number, actualLine: actRow.number,
                                              documented: docRow.text, actual: actRow.text,
                                              note: holeNotes.isEmpty ? nil : holeNotes.joined(separator: "; ")))
            }
        }

        let extras = actRows.indices.filter { !used.contains($0) }
        for r in extras {
            findings.diff.append(DiffLine(elided ? .elided : .extra, actualLine: actRows[r].number, actual: actRows[r].text))
        }
        if !extras.isEmpty && !elided {
            findings.drifts.append("\(extras.count) undocumented table row(s)")
        }
        return findings
    }
}
