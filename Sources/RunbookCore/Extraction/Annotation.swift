import Foundation

/// An invisible `<!-- runbook: key=value … -->` comment that adjusts the next block or a whole section.
public struct Annotation: Sendable, Equatable {
    /// The keys SPEC section 5 defines; any other key is an error.
    public static let knownKeys: Set<String> = ["hosts", "local", "skip", "file", "verify", "expect", "retry", "every", "timeout", "strict", "session", "append", "mode"]
    static let verifyModes: Set<String> = ["auto", "exit", "lines", "contains", "regex", "http"]

    public var line: Int
    public var values: [String: String]
    /// For `expect`: the lines after the first line of the comment.
    public var expectBody: [String]?

    /// Parses an HTML block; nil when it is not a runbook annotation. Problems become diagnostics.
    public static func parse(_ html: String, line: Int, diagnostics: inout [Diagnostic]) -> Annotation? {
        var text = html.trimmingSpaces()
        guard text.hasPrefix("<!--") else { return nil }
        text.removeFirst(4)
        if let end = text.range(of: "-->") { text = String(text[..<end.lowerBound]) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first?.trimmingSpaces(), first.hasPrefix("runbook:") else { return nil }
        var annotation = Annotation(line: line, values: [:], expectBody: nil)
        for token in tokens(String(first.dropFirst("runbook:".count))) {
            let parts = token.split(separator: "=", maxSplits: 1)
            let key = String(parts[0])
            let value = parts.count > 1 ? unquote(String(parts[1])) : ""
            guard knownKeys.contains(key) else {
                diagnostics.append(Diagnostic(.invalidAnnotation, line: line,
                    "unknown annotation key `\(key)`",
                    hint: "known keys: \(knownKeys.sorted().joined(separator: ", "))"))
                continue
            }
            if let problem = problem(key: key, value: value) {
                diagnostics.append(Diagnostic(.invalidAnnotation, line: line,
                                              "`\(key)=\(value)`: \(problem)", hint: "see SPEC section 5 for the values each key takes"))
                continue
            }
            annotation.values[key] = value
        }
        if annotation.values["expect"] != nil || (lines.count > 1 && first.contains("expect")) {
            annotation.expectBody = lines.dropFirst().map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
        }
        return annotation
    }

    /// Seconds in `500ms`, `2s`, `5m`, `1h`, or a bare number of seconds.
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let n = Double(text.dropLast(suffix.count)), n >= 0 { return n * factor }
        }
        return Double(text).flatMap { $0 >= 0 ? $0 : nil }
    }

    private static func problem(key: String, value: String) -> String? {
        switch key {
        case "hosts", "file": return value.isEmpty ? "needs a value" : nil
        case "retry": return Int(value).map { $0 >= 1 ? nil : "must be at least 1" } ?? "must be a whole number of attempts"
        case "every", "timeout": return seconds(value) == nil ? "must be a duration like 2s, 500ms or 5m" : nil
        case "verify": return verifyModes.contains(value) ? nil : "must be one of \(verifyModes.sorted().joined(separator: ", "))"
        case "mode": return value.range(of: #"^0?[0-7]{3}$"#, options: .regularExpression) == nil ? "must be an octal file mode like 0644 or 600" : nil
        case "append": return value.isEmpty ? nil : "takes no value (the block is added to the file once)"
        case "session": return value == "fresh" ? nil : "must be `fresh` (the step starts from a fresh login, and leaves the session as it was)"
        default: return nil
        }
    }

    /// Splits on spaces outside double quotes.
    private static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for c in text {
            if c == "\"" { quoted.toggle(); current.append(c) }
            else if c.isWhitespace && !quoted { if !current.isEmpty { result.append(current); current = "" } }
            else { current.append(c) }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }
}
