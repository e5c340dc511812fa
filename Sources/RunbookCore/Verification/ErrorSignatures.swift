import Foundation

/// Text that means "something went wrong" even when the exit status says otherwise (pipelines,
/// `curl` without `-f`, tools that log and carry on). Seen in the actual output but not in the
/// documented output → FAIL (research §7.2(f), CLI/test `reject{}`, goss `!pattern`).
enum ErrorSignatures {
    private static let table: [(name: String, regex: NSRegularExpression)] = [
        ("Traceback", "Traceback \\(most recent call last\\)", []),
        ("command not found", "command not found", [.caseInsensitive]),
        ("connection refused", "connection refused", [.caseInsensitive]),
        ("No such file or directory", "No such file or directory", [.caseInsensitive]),
        ("permission denied", "permission denied", [.caseInsensitive]),
        ("error/fatal/panic line", "^(?:error|fatal|panic)\\b", [.caseInsensitive]),
        ("Error:", "(?<![A-Za-z0-9_])Error:[ \\t]*\\S", []),   // not a field named like `Last_IO_Error:`, nor an empty one
        ("Error response from daemon", "Error response from daemon", []),
        ("HTTP 5xx status", "^HTTP/\\d(?:\\.\\d)?\\s+5\\d\\d\\b", []),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1, options: $0.2)) }

    /// Signatures in `actual` that no documented line shows, with the first actual line carrying each.
    static func unexpected(documented: [NumberedLine], actual: [NumberedLine]) -> [(name: String, line: NumberedLine)] {
        var found: [(String, NumberedLine)] = []
        for (name, regex) in table where !documented.contains(where: { regex.matches($0.text) }) {
            if let line = actual.first(where: { regex.matches($0.text) }) { found.append((name, line)) }
        }
        return found
    }
}
