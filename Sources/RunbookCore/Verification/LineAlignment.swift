import Foundation

/// Aligns documented lines with actual lines: typed holes, elisions that absorb any number of
/// lines, unordered groups of same-shape lines, and drift grading of what is left over.
///
/// The alignment is a minimum-edit DP (only deletions and insertions, no substitutions) in which an
/// elision absorbs actual lines for free. Unordered groups are handled *before* the DP by reordering
/// the group's documented lines into the order their matches appear in the actual output, so the
/// DP itself stays a plain sequence alignment.
enum LineAlignment {
    /// How forgiving the comparison is.
    struct Policy {
        /// Match runs of same-shape lines in any order (auto mode).
        var unorderedGroups = true
        /// Grade differences: missing non-anchor lines, extra lines and whitespace/version-only
        /// changes are drift. When false (`lines` mode) every difference fails.
        var tolerant = true
    }

    private struct Item {
        var number: Int
        var text: String
        var pattern: LinePattern?   // nil for elisions
        var isElision: Bool { pattern == nil }
        var group: Int?
    }

    private struct Group {
        var members: Range<Int>
        var tokens: [String]
        var position: Int?
    }

    private enum Op {
        case match(Int, Int)
        case missing(Int)
        case extra(Int)
        case elision(Int)
        case absorb(Int, Int)
    }

    static func compare(documented: [NumberedLine], actual: [NumberedLine], policy: Policy = Policy()) -> Findings {
        var items = documented.map { line in
            Item(number: line.number, text: line.text,
                 pattern: Elision.isElision(line.text) ? nil : LinePattern(line.text), group: nil)
        }
        var groups: [Group] = []
        var moved = Set<Int>()
        if policy.unorderedGroups {
            groups = findGroups(items)
            for (g, group) in groups.enumerated() {
                for k in group.members { items[k].group = g }
                moved.formUnion(reorder(&items, group.members, actual: actual))
            }
        }

        let n = items.count, m = actual.count
        // matches[i * m + j]: documented item i matches actual line j.
        var matches = [Bool](repeating: false, count: n * m)
        for i in 0..<n {
            guard let pattern = items[i].pattern else { continue }
            for j in 0..<m where pattern.match(actual[j].text) != nil { matches[i * m + j] = true }
        }

        // cost[i][j]: fewest unmatched lines aligning items[i...] with actual[j...].
        let width = m + 1
        var cost = [Int](repeating: 0, count: (n + 1) * width)
        for j in 0...m { cost[n * width + j] = m - j }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m, through: 0, by: -1) {
                let next = cost[(i + 1) * width + j]
                if items[i].isElision {
                    cost[i * width + j] = j < m ? min(next, cost[i * width + j + 1]) : next
                } else {
                    var best = next + 1
                    if j < m {
                        best = min(best, cost[i * width + j + 1] + 1)
                        if matches[i * m + j] { best = min(best, cost[(i + 1) * width + j + 1]) }
                    }
                    cost[i * width + j] = best
                }
            }
        }

        // Walk the cheapest path. On ties prefer matching, then closing an elision, then "missing"
        // before "extra" so a changed line prints as `-` followed by `+`.
        var ops: [Op] = []
        var i = 0, j = 0
        var openedElision = -1
        while i < n || j < m {
            let here = cost[i * width + j]
            if i == n {
                ops.append(.extra(j)); j += 1
            } else if items[i].isElision {
                if openedElision != i { ops.append(.elision(i)); openedElision = i }
                if j == m || here == cost[(i + 1) * width + j] { i += 1 } else { ops.append(.absorb(i, j)); j += 1 }
            } else if j < m && matches[i * m + j] && here == cost[(i + 1) * width + j + 1] {
                ops.append(.match(i, j)); i += 1; j += 1
            } else if here == cost[(i + 1) * width + j] + 1 {
                ops.append(.missing(i)); i += 1
            } else {
                ops.append(.extra(j)); j += 1
            }
        }

        return grade(ops, items: items, groups: groups, moved: moved, actual: actual, policy: policy)
    }

    // MARK: - Unordered groups

    /// Runs of ≥2 consecutive documented lines whose masked tokens are equal except in one position
    /// (`Creating service milvus_rootcoord`, `Creating service milvus_datacoord`, …). Docker prints
    /// these in Go map order, so their order carries no meaning.
    private static func findGroups(_ items: [Item]) -> [Group] {
        func tokens(_ item: Item) -> [String] {
            item.pattern.map { $0.masked.split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
        }
        var groups: [Group] = []
        var start = 0
        while start < items.count {
            let first = tokens(items[start])
            guard first.count >= 2 else { start += 1; continue }
            var end = start + 1
            var position: Int?
            while end < items.count, !items[end].isElision {
                let t = tokens(items[end])
                guard t.count == first.count else { break }
                let differing = t.indices.filter { t[$0] != first[$0] }
                if differing.isEmpty { end += 1; continue }
                guard differing.count == 1, position == nil || position == differing[0] else { break }
                position = differing[0]
                end += 1
            }
            if end - start >= 2 {
                groups.append(Group(members: start..<end, tokens: first, position: position))
                start = end
            } else {
                start += 1
            }
        }
        return groups
    }

    /// Reorders a group's documented lines into the order their first matches appear in the actual
    /// output (unmatched members last). Returns the documented numbers of members that moved.
    private static func reorder(_ items: inout [Item], _ members: Range<Int>, actual: [NumberedLine]) -> Set<Int> {
        var assigned: [Int: Int] = [:]
        for (j, line) in actual.enumerated() {
            if let k = members.first(where: { assigned[$0] == nil && items[$0].pattern?.match(line.text) != nil }) {
                assigned[k] = j
            }
        }
        let docOrder = members.filter { assigned[$0] != nil }
        let actualOrder = docOrder.sorted { assigned[$0]! < assigned[$1]! }
        let unmatched = members.filter { assigned[$0] == nil }
        var moved = Set<Int>()
        for (rank, k) in actualOrder.enumerated() where docOrder[rank] != k { moved.insert(items[k].number) }
        let reordered = (actualOrder + unmatched).map { items[$0] }
        items.replaceSubrange(members, with: reordered)
        return moved
    }

    // MARK: - Grading

    private static func grade(_ ops: [Op], items: [Item], groups: [Group], moved: Set<Int>,
                              actual: [NumberedLine], policy: Policy) -> Findings {
        var findings = Findings()
        var pendingMissing: [Int] = []
        var pendingExtra: [Int] = []
        var extraCount = 0

        func flush() {
            var pairs = 0
            if policy.tolerant {
                // A documented line and an actual line that differ only by whitespace or a version
                // number are the same line, drifted.
                while pairs < min(pendingMissing.count, pendingExtra.count),
                      softKey(items[pendingMissing[pairs]].text) == softKey(actual[pendingExtra[pairs]].text) {
                    let item = items[pendingMissing[pairs]], line = actual[pendingExtra[pairs]]
                    findings.diff.append(DiffLine(.drift, documentedLine: item.number, actualLine: line.number,
                                                  documented: item.text, actual: line.text,
                                                  note: "whitespace/version only"))
                    findings.drifts.append("documented line \(item.number) changed only in whitespace or version: \"\(item.text)\" → \"\(line.text)\"")
                    pairs += 1
                }
            }
            let missing = pendingMissing.dropFirst(pairs), extra = pendingExtra.dropFirst(pairs)
            // Interleave so a changed line reads as `-` then `+`.
            for k in 0..<max(missing.count, extra.count) {
                if k < missing.count { reportMissing(items[missing[missing.startIndex + k]]) }
                if k < extra.count { reportExtra(actual[extra[extra.startIndex + k]]) }
            }
            pendingMissing.removeAll()
            pendingExtra.removeAll()
        }

        func reportMissing(_ item: Item) {
            let inGroup = item.group != nil ? " (unordered group)" : ""
            findings.diff.append(DiffLine(.missing, documentedLine: item.number, documented: item.text,
                                          note: item.group != nil ? "missing from unordered group" : nil))
            if !policy.tolerant || item.pattern?.isAnchor == true {
                findings.failures.append("missing\(inGroup): \"\(item.text)\" (documented line \(item.number))")
            } else {
                findings.drifts.append("not seen: \"\(item.text)\" (documented line \(item.number), mostly volatile)")
            }
        }

        func reportExtra(_ line: NumberedLine) {
            let group = groups.first { sameShape(line.text, as: $0) }
            findings.diff.append(DiffLine(.extra, actualLine: line.number, actual: line.text,
                                          note: group != nil ? "unexpected in unordered group" : nil))
            if group != nil {
                let message = "unexpected: \"\(line.text)\" (actual line \(line.number), like the unordered group)"
                if policy.tolerant { findings.drifts.append(message) } else { findings.failures.append(message) }
            } else {
                extraCount += 1
            }
        }

        for op in ops {
            switch op {
            case .missing(let i): pendingMissing.append(i)
            case .extra(let j): pendingExtra.append(j)
            case .match(let i, let j):
                flush()
                let item = items[i], line = actual[j]
                let values = item.pattern?.match(line.text) ?? []
                let holes = item.pattern?.holes ?? []
                var notes: [String] = []
                for (hole, value) in zip(holes, values) where hole.documented != value {
                    notes.append("‹\(hole.kind.rawValue)› was \"\(hole.documented)\", got \"\(value)\"")
                }
                for (hole, value) in zip(holes, values) {
                    findings.holes.append(HoleMatch(kind: hole.kind.rawValue, documented: hole.documented,
                                                    actual: value, documentedLine: item.number, actualLine: line.number))
                }
                let kind: DiffLine.Kind = moved.contains(item.number) ? .moved : (notes.isEmpty && line.text == item.text ? .equal : .hole)
                if kind == .moved { notes.insert("out of documented order", at: 0) }
                findings.diff.append(DiffLine(kind, documentedLine: item.number, actualLine: line.number,
                                              documented: item.text, actual: line.text,
                                              note: notes.isEmpty ? nil : notes.joined(separator: "; ")))
            case .elision(let i):
                flush()
                findings.diff.append(DiffLine(.elided, documentedLine: items[i].number, documented: items[i].text))
            case .absorb(_, let j):
                findings.diff.append(DiffLine(.elided, actualLine: actual[j].number, actual: actual[j].text))
            }
        }
        flush()

        if extraCount > 0 {
            let message = extraCount == 1 ? "1 undocumented line in the actual output" : "\(extraCount) undocumented lines in the actual output"
            if policy.tolerant { findings.drifts.append(message) } else { findings.failures.append(message) }
        }
        if !moved.isEmpty {
            findings.notes.append("\(moved.count) line(s) of an unordered group matched out of documented order")
        }
        return findings
    }

    /// True when an actual line has the masked shape of the group (same tokens except the varying one).
    private static func sameShape(_ text: String, as group: Group) -> Bool {
        let tokens = LinePattern(text).masked.split(whereSeparator: \.isWhitespace).map(String.init)
        guard tokens.count == group.tokens.count else { return false }
        let differing = tokens.indices.filter { tokens[$0] != group.tokens[$0] }
        return differing.count <= 1 && (differing.isEmpty || group.position == nil || differing[0] == group.position)
    }

    private static let version = try! NSRegularExpression(pattern: "v?\\d+(?:\\.\\d+)+(?:[-+][0-9A-Za-z.]+)?")
    private static let spaces = try! NSRegularExpression(pattern: "\\s+")

    /// A line with whitespace runs collapsed and version numbers masked: equal keys differ only by drift.
    static func softKey(_ text: String) -> String {
        let collapsed = OutputNormalizer.replace(spaces, in: text, with: " ")
        return OutputNormalizer.replace(version, in: collapsed, with: "‹version›")
    }
}
