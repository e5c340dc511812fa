import Foundation

/// A class of value that legitimately differs between the day a guide was written and today.
/// A documented token of one kind becomes a *typed hole* that accepts any actual value of the same
/// kind (never `.*`), so `HTTP/1.1 200 OK` stays strict while `Date: …` is tolerant. Research Appendix B.
public enum VolatileKind: String, Sendable, Codable, CaseIterable {
    /// `Thu, 21 Sep 2023 08:07:43 GMT` (IMF-fixdate, RFC 850, asctime).
    case httpDate = "http-date"
    /// RFC 3339 / ISO 8601, date(1), syslog, Go log, common log format, klog, bare `08:07:43`.
    case timestamp
    /// `550e8400-e29b-41d4-a716-446655440000`.
    case uuid
    /// `sha256:` followed by 64+ hex digits.
    case digest
    /// Container, image and commit ids: 16+ hex digits anywhere, 12–15 after an `id`-like word.
    case hexID = "hex-id"
    /// Docker swarm ids: 25 base36 characters, only in id context (`(id: …)`, `ID: …`).
    case swarmID = "swarm-id"
    /// The random tail of a Kubernetes pod name (`milvus-proxy-7d8f9c6b5-x2x4z`).
    case podSuffix = "pod-suffix"
    /// `12MB`, `1.2 GiB`, `512K`, `3.4MB/s`.
    case size
    /// `2.113ms`, `1.5s`, `3m2.5s`, `0.42 seconds`.
    case duration
    /// `5m`, `3d`, `10h`, `2m30s`, `5 minutes ago`, `About an hour`.
    case age
    /// A process id after `pid`/`PID`, or in a shell job line `[1] 12345`.
    case pid
    /// A port in the NodePort/ephemeral range (30000–69999) after a colon.
    case port
}

/// One documented token recognised as volatile.
struct VolatileSpan {
    var kind: VolatileKind
    var range: Range<String.Index>
}

/// The catalogue: how to find each kind in documented text (with context gates where false
/// positives are likely) and what an actual value of that kind may look like.
enum VolatileFields {
    private static let month = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    private static let weekday = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
    private static let longWeekday = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

    private static var httpDatePattern: String {
        "\(weekday), \\d{2} \(month) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"
            + "|\(longWeekday), \\d{2}-\(month)-\\d{2} \\d{2}:\\d{2}:\\d{2} GMT"
            + "|\(weekday) \(month) [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4}"
    }

    private static var timestampPattern: String {
        [
            // RFC 3339 / ISO 8601 (log prefixes, JSON).
            "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2}| ?UTC)?",
            // date(1): `Thu Sep 21 08:07:43 UTC 2023`.
            "\(weekday) \(month) [ \\d]\\d \\d{2}:\\d{2}:\\d{2}(?: [A-Z]{2,5})? \\d{4}",
            // Common log format: `21/Sep/2023:08:07:43 +0000`.
            "\\d{2}/\(month)/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}",
            // Go log: `2023/09/21 08:07:43.123`.
            "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?",
            // syslog: `Sep 21 08:07:43`.
            "\(month) [ \\d]\\d \\d{2}:\\d{2}:\\d{2}",
            // klog after its severity letter: `I0921 08:07:43.123456`.
            "(?<=[IWEF])\\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d+",
            // A bare clock time.
            "(?<![\\d:])\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?![\\d:])",
        ].joined(separator: "|")
    }

    // Go-style durations and kubectl ages share a grammar; `d`/`w`/`y` appear only in ages.
    private static let goDuration = "(?:\\d+(?:\\.\\d+)?(?:ns|µs|us|ms|s|m|h|d|w|y))+"
    private static let humanTime =
        "(?:\\d+(?:\\.\\d+)?|an?|About an?|Less than an?) (?:second|minute|hour|day|week|month|year|sec|min)s?(?: ago)?"
    // Token boundaries: not glued to word characters, not part of `v1.2`, not `:30s` clock fragments.
    private static let before = "(?<![\\w.:/-])"
    private static let after = "(?!\\w|\\.\\d)"

    /// How each kind is detected in documented text. Group 1, when present, is the volatile part;
    /// the rest of the match is context that stays literal.
    private static let detectors: [(VolatileKind, NSRegularExpression)] = {
        let table: [(VolatileKind, String, NSRegularExpression.Options)] = [
            (.httpDate, "\\b(?:\(httpDatePattern))", []),
            (.timestamp, "(?:\(timestampPattern))", []),
            (.uuid, "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b", []),
            (.digest, "\\bsha(?:256|512):[0-9a-f]{64,128}\\b", []),
            (.hexID, "\\b(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{16,64}\\b", []),
            (.hexID, "\\b(?:id|container|image|commit)[:= ]\\s*((?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,15})\\b", [.caseInsensitive]),
            (.swarmID, "\\b(?:id)[:=]\\s*([a-z0-9]{25})\\b", [.caseInsensitive]),
            // The pod-template-hash alphabet has no vowels (k8s SafeEncodeString), which keeps ordinary
            // hyphenated words like `milvus-something-abcde` out.
            (.podSuffix, "\\b[a-z0-9](?:[-a-z0-9]*[a-z0-9])?-((?:[bcdfghjklmnpqrstvwxz2-9]{9,10}-)?[bcdfghjklmnpqrstvwxz2-9]{5})\\b", []),
            (.size, "\(before)\\d+(?:\\.\\d+)?(?:\\s?(?:[KMGTP]i?B|kB|B|bytes)|[KMGT])(?:/s)?\(after)", []),
            (.age, "\(before)\\d+[smhdwy](?:\\d+[smh])?\(after)", []),
            (.duration, "\(before)\\d+(?:\\.\\d+)?(?:ns|µs|us|ms|s|m|h)(?:\\d+(?:\\.\\d+)?(?:ns|µs|us|ms|s|m|h))*\(after)", []),
            (.duration, "\(before)\\d+(?:\\.\\d+)? (?:seconds?|secs?|milliseconds?)\\b", []),
            (.age, "\\b(?:\(humanTime))\\b", []),
            (.pid, "\\bpid[=: ]\\s*(\\d+)\\b", [.caseInsensitive]),
            (.pid, "^\\[\\d+\\]\\s+(\\d+)$", []),
            (.port, "(?<=:)(?:3\\d{4}|[4-6]\\d{4})\\b", []),
        ]
        return table.map { ($0.0, try! NSRegularExpression(pattern: $0.1, options: $0.2)) }
    }()

    /// What an actual value of each kind may look like (no capturing groups: the line pattern adds one).
    static func valuePattern(_ kind: VolatileKind) -> String {
        switch kind {
        case .httpDate: return "(?:\(httpDatePattern))"
        case .timestamp: return "(?:\(timestampPattern))"
        case .uuid: return "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
        case .digest: return "sha(?:256|512):[0-9a-f]{64,128}"
        case .hexID: return "[0-9a-f]{7,64}"
        case .swarmID: return "[a-z0-9]{25}"
        case .podSuffix: return "(?:[bcdfghjklmnpqrstvwxz2-9]{9,10}-)?[bcdfghjklmnpqrstvwxz2-9]{5}"
        case .size: return "\\d+(?:\\.\\d+)?\\s?(?:[KMGTPE]i?B|kB|B|bytes|[KMGTPE])(?:/s)?"
        case .duration, .age: return "(?:\(goDuration)|\(humanTime))"
        case .pid: return "\\d+"
        case .port: return "\\d{1,5}"
        }
    }

    /// Volatile tokens in a documented line, earliest first, never overlapping. Detectors earlier in
    /// the catalogue win (an HTTP date is not also three clock fields).
    static func scan(_ line: String) -> [VolatileSpan] {
        var spans: [VolatileSpan] = []
        for (kind, re) in detectors {
            for m in re.allMatches(line) {
                let nsRange = m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range
                guard let range = Range(nsRange, in: line), !range.isEmpty else { continue }
                if spans.contains(where: { $0.range.overlaps(range) }) { continue }
                spans.append(VolatileSpan(kind: kind, range: range))
            }
        }
        return spans.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}

/// A documented line compiled for matching: literal text, typed holes, in-line `…` wildcards, and
/// column padding that may grow or shrink (tables re-align when a value gets longer).
struct LinePattern {
    enum Piece {
        case literal(String)
        case hole(VolatileKind, String)
        case wildcard
        case padding
    }

    let text: String
    let pieces: [Piece]
    private let regex: NSRegularExpression?
    private let searchRegex: NSRegularExpression?

    init(_ text: String) {
        self.text = text
        var pieces: [Piece] = []
        var cursor = text.startIndex
        for span in VolatileFields.scan(text) {
            if cursor < span.range.lowerBound { pieces += Self.literalPieces(String(text[cursor..<span.range.lowerBound])) }
            pieces.append(.hole(span.kind, String(text[span.range])))
            cursor = span.range.upperBound
        }
        if cursor < text.endIndex { pieces += Self.literalPieces(String(text[cursor...])) }
        self.pieces = pieces

        if pieces.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
            // Plain text: string equality is exact and much cheaper than a regex per cell of the DP.
            regex = nil
            searchRegex = nil
        } else {
            let body = pieces.map { piece -> String in
                switch piece {
                case .literal(let s): return NSRegularExpression.escapedPattern(for: s)
                case .hole(let kind, _): return "(" + VolatileFields.valuePattern(kind) + ")"
                case .wildcard: return ".*?"
                case .padding: return " +"
                }
            }.joined()
            regex = try? NSRegularExpression(pattern: "^" + body + "$")
            searchRegex = try? NSRegularExpression(pattern: body)
        }
    }

    // Split literal text into literal runs, `…`/` ... ` wildcards and runs of 2+ spaces (padding).
    private static let special = try! NSRegularExpression(pattern: "…|(?<!\\S)\\.{3}(?!\\S)| {2,}")

    private static func literalPieces(_ s: String) -> [Piece] {
        var out: [Piece] = []
        var cursor = s.startIndex
        for m in special.allMatches(s) {
            guard let r = Range(m.range, in: s) else { continue }
            if cursor < r.lowerBound { out.append(.literal(String(s[cursor..<r.lowerBound]))) }
            out.append(s[r].first == " " ? .padding : .wildcard)
            cursor = r.upperBound
        }
        if cursor < s.endIndex { out.append(.literal(String(s[cursor...]))) }
        return out
    }

    /// The holes, in order.
    var holes: [(kind: VolatileKind, documented: String)] {
        pieces.compactMap { if case .hole(let k, let v) = $0 { return (k, v) } else { return nil } }
    }

    /// The documented line with holes shown as `‹kind›`.
    var masked: String {
        pieces.map { piece in
            switch piece {
            case .literal(let s): return s
            case .hole(let kind, _): return "‹\(kind.rawValue)›"
            case .wildcard: return "…"
            case .padding: return "  "
            }
        }.joined()
    }

    /// Share of non-blank characters that are literal. Lines that are mostly literal are *anchors*:
    /// if they go missing the step fails rather than drifts (research §7.2(f)).
    var literalRatio: Double {
        var literal = 0
        var total = 0
        for piece in pieces {
            switch piece {
            case .literal(let s):
                let n = s.filter { !$0.isWhitespace }.count
                literal += n
                total += n
            case .hole(_, let v): total += v.filter { !$0.isWhitespace }.count
            case .wildcard: total += 3
            case .padding: break
            }
        }
        return total == 0 ? 1 : Double(literal) / Double(total)
    }

    /// True when the line is mostly literal content.
    var isAnchor: Bool { literalRatio >= 0.5 }

    /// The actual values of the holes when the whole actual line matches, nil otherwise.
    func match(_ actual: String) -> [String]? {
        guard let regex else { return actual == text ? [] : nil }
        guard let m = regex.first(actual) else { return nil }
        return (1..<max(1, m.numberOfRanges)).map { actual.substring(m.range(at: $0)) }
    }

    /// True when the line occurs anywhere inside `actual` (for `contains` mode).
    func occurs(in actual: String) -> Bool {
        guard let searchRegex else { return actual.contains(text) }
        return searchRegex.matches(actual)
    }
}
