import Foundation

/// One line of output after normalisation, with its 1-based line number in the text it came from.
public struct NumberedLine: Sendable, Equatable, Codable {
    /// 1-based line number in the original text (before blank edges were trimmed).
    public var number: Int
    /// The normalised text (no ANSI, no trailing whitespace, tabs expanded).
    public var text: String

    /// Makes a numbered line.
    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}

/// Normalisation applied to both documented and actual output before any comparison, so that
/// terminal noise (colours, CRLF from `curl -i`, progress-bar carriage returns, alignment tabs)
/// never shows up as a difference. Research §7.2(d).
public enum OutputNormalizer {
    // CSI (colours, cursor moves), OSC (titles, hyperlinks), and two-byte ESC sequences.
    private static let ansi = try! NSRegularExpression(
        pattern: "\u{1B}\\[[0-?]*[ -/]*[@-~]|\u{1B}\\][^\u{07}\u{1B}]*(?:\u{07}|\u{1B}\\\\)|\u{1B}[@-Z\\\\-_]")
    // Remaining C0 controls except tab (expanded below) and CR (handled as overwrite).
    private static let controls = try! NSRegularExpression(pattern: "[\u{00}-\u{08}\u{0B}\u{0C}\u{0E}-\u{1F}\u{7F}]")

    /// Splits raw output into normalised, numbered lines with leading and trailing blank lines removed.
    /// `actual` with Docker's re-run wording (`Updating service X (id: …)`) turned into the documented
    /// `Creating service X`, for services the documented lines create; and how many lines that changed.
    public static func rerunVariants(_ actual: [NumberedLine], documented: [NumberedLine]) -> ([NumberedLine], Int) {
        let created = Set(documented.compactMap { line -> Substring? in
            line.text.hasPrefix("Creating service ") ? line.text.dropFirst("Creating service ".count) : nil
        })
        guard !created.isEmpty else { return (actual, 0) }
        var changed = 0
        let lines = actual.map { line -> NumberedLine in
            guard line.text.hasPrefix("Updating service ") else { return line }
            let rest = line.text.dropFirst("Updating service ".count)
            let name = rest.prefix { $0 != " " }
            guard created.contains(name), rest.dropFirst(name.count).trimmingCharacters(in: .whitespaces).hasPrefix("(id:") || rest.count == name.count
            else { return line }
            changed += 1
            return NumberedLine(number: line.number, text: "Creating service " + name)
        }
        return (lines, changed)
    }

    /// `lines` without curl's progress meter (its two header lines and its rows of counters).
    public static func withoutCurlProgress(_ lines: [NumberedLine]) -> [NumberedLine] {
        lines.filter { line in
            let fields = line.text.split(separator: " ")
            if line.text.contains("% Total") && line.text.contains("% Received") { return false }
            if fields.first == "Dload" && fields.contains("Upload") { return false }
            // "100     2  100     2    0     0   3200      0 --:--:-- --:--:-- --:--:--  2000"
            let isRow = fields.count == 12 && fields.prefix(6).allSatisfy { $0.allSatisfy { $0.isNumber || $0 == "." || $0.isLetter } }
                && fields[8...10].allSatisfy { $0.allSatisfy { $0.isNumber || $0 == ":" || $0 == "-" } }
            return !isRow
        }
    }

    public static func lines(of text: String) -> [NumberedLine] {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n")
        var result: [NumberedLine] = []
        for (offset, raw) in unified.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            result.append(NumberedLine(number: offset + 1, text: normalize(line: String(raw))))
        }
        return trimBlankEdges(result)
    }

    /// Normalises documented lines (already split), keeping their 1-based position in `documented`.
    public static func lines(of documented: [String]) -> [NumberedLine] {
        var result: [NumberedLine] = []
        for (offset, raw) in documented.enumerated() {
            // A documented "line" may itself contain newlines if a caller passed a blob; split it
            // but keep the caller's numbering for the first piece.
            let pieces = raw.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            for piece in pieces { result.append(NumberedLine(number: offset + 1, text: normalize(line: String(piece)))) }
        }
        return trimBlankEdges(result)
    }

    /// Normalises one line: ANSI/control sequences stripped, a bare CR keeps only what was drawn last
    /// (progress bars redraw the line), tabs expanded to 8-column stops, Unicode NFC, trailing
    /// whitespace removed.
    public static func normalize(line: String) -> String {
        var s = line
        if s.contains("\u{1B}") { s = replace(ansi, in: s, with: "") }
        if s.contains("\r") {
            // What a terminal would show: each carriage return restarts drawing at column 0.
            var screen: [Character] = []
            for segment in s.split(separator: "\r", omittingEmptySubsequences: false) {
                let chars = Array(segment)
                if chars.count >= screen.count { screen = chars } else { screen.replaceSubrange(0..<chars.count, with: chars) }
            }
            s = String(screen)
        }
        s = replace(controls, in: s, with: "")
        if s.contains("\t") { s = expandTabs(s) }
        s = s.precomposedStringWithCanonicalMapping
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }

    /// Drops blank lines at both ends; blank lines inside are kept (they separate HTTP headers from bodies).
    public static func trimBlankEdges(_ lines: [NumberedLine]) -> [NumberedLine] {
        guard let first = lines.firstIndex(where: { !$0.text.isEmpty }),
              let last = lines.lastIndex(where: { !$0.text.isEmpty }) else { return [] }
        return Array(lines[first...last])
    }

    private static func expandTabs(_ s: String) -> String {
        var out = ""
        var column = 0
        for ch in s {
            if ch == "\t" {
                let pad = 8 - column % 8
                out += String(repeating: " ", count: pad)
                column += pad
            } else {
                out.append(ch)
                column += 1
            }
        }
        return out
    }

    static func replace(_ re: NSRegularExpression, in s: String, with template: String) -> String {
        re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
    }
}

/// Elision lines: places where the guide's author cut output short. Each one matches any number
/// (including zero) of actual lines. Research §7.2(c).
public enum Elision {
    // `...`, `…`, `[...]`, `<...>`, `<snip>` optionally behind `# `, followed by nothing or by prose
    // (`# ... 内容较多，不列出所有了！`, `# ... (more output omitted)`). `...done` is not an elision.
    private static let marker = try! NSRegularExpression(
        pattern: "^\\s*(?:#\\s*)?(?:\\.{3,}|…|\\[\\s*(?:\\.{3}|…)\\s*\\]|<\\s*(?:\\.{3}|…)\\s*>|<snip(?:ped)?>)(?:\\s.*)?$",
        options: [.caseInsensitive])
    // `(output omitted)`, `# (more output omitted)`, `rest of output truncated`.
    private static let prose = try! NSRegularExpression(
        pattern: "^\\s*(?:#\\s*)?\\(?\\s*(?:more |rest of |remaining )?(?:the )?(?:output|lines?|logs?) (?:omitted|truncated|trimmed|elided)\\s*\\)?\\.?\\s*$",
        options: [.caseInsensitive])

    /// True when the documented line is an elision marker.
    public static func isElision(_ line: String) -> Bool {
        marker.matches(line) || prose.matches(line)
    }
}

extension NSRegularExpression {
    /// True when the pattern matches somewhere in `s`.
    func matches(_ s: String) -> Bool {
        firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    /// All matches in `s`.
    func allMatches(_ s: String) -> [NSTextCheckingResult] {
        matches(in: s, range: NSRange(s.startIndex..., in: s))
    }

    /// The first match in `s`.
    func first(_ s: String) -> NSTextCheckingResult? {
        firstMatch(in: s, range: NSRange(s.startIndex..., in: s))
    }
}

extension String {
    /// The text of an NSRange inside this string ("" when it does not convert).
    func substring(_ range: NSRange) -> String {
        guard range.location != NSNotFound, let r = Range(range, in: self) else { return "" }
        return String(self[r])
    }
}
