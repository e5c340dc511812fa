import Foundation

/// A shell prompt at the start of a transcript line: `root@rootcoord:/milvus# `, `[dcos@m3~]$ `, `$ `.
public struct Prompt: Sendable, Equatable {
    /// The prompt as written, without the command.
    public var text: String
    public var user: String?
    /// The host the prompt names, if any.
    public var host: String?
    /// The command after the prompt.
    public var command: String

    /// The prompt forms as ICU expressions, tried in order; the first match wins. This is the grammar:
    /// `PromptReader` (FastPaths) reads the same forms from the line's bytes and is tested against
    /// `parseByGrammar`, which also decides the lines it leaves undecided.
    private static let patterns: [NSRegularExpression] = [
        // [user@host dir]$ cmd   [user@host~]$ cmd
        #"^(\([\w.-]+\)\s+)?\[([\w.-]+)@([\w.-]+?)(?:\s+[^\]]*|~[^\]]*)?\]\s?[#$]( .*|)$"#,
        // user@host:dir# cmd   user@host:dir$ cmd
        #"^(\([\w.-]+\)\s+)?([\w.-]+)@([\w.-]+):[^\s#$]*\s?[#$]( .*|)$"#,
        // user@host$ cmd
        #"^(\([\w.-]+\)\s+)?([\w.-]+)@([\w.-]+)\s?[#$]( .*)$"#,
        // $ cmd
        #"^(\([\w.-]+\)\s+)?()()\$( .*|)$"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// Parses a line as a prompt followed by a command, or returns nil.
    ///
    /// The line is read from its bytes; only when a non-ASCII character in the user, host or directory part
    /// would decide the result does the grammar read it.
    public static func parse(_ line: Substring) -> Prompt? {
        var contiguous = line
        do {
            return try contiguous.withUTF8 { try PromptReader(bytes: $0).read() }
        } catch {
            return parseByGrammar(line)
        }
    }

    /// `parse` by the grammar itself: a line that starts with `[`, `$`, `(`, an ASCII letter or digit
    /// or `_`, and holds a `$` or `#`, matched against `patterns`.
    static func parseByGrammar(_ line: Substring) -> Prompt? {
        // Every form has a `$` or `#`; most lines of a script have neither, so skip the expressions.
        guard let first = line.utf8.first, first == UInt8(ascii: "[") || first == UInt8(ascii: "$") || first == UInt8(ascii: "(")
                || (first < 0x80 && (Character(Unicode.Scalar(first)).isLetter || Character(Unicode.Scalar(first)).isNumber || first == UInt8(ascii: "_"))),
              line.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "#") }) else {
            return nil
        }
        let string = String(line)
        let ns = string as NSString
        for pattern in patterns {
            guard let match = pattern.firstMatch(in: string, range: NSRange(location: 0, length: ns.length)) else { continue }
            let group = { (i: Int) -> String? in
                let r = match.range(at: i)
                guard r.location != NSNotFound, r.length > 0 else { return nil }
                return ns.substring(with: r)
            }
            let commandRange = match.range(at: 4)
            let command = (group(4) ?? "").trimmingSpaces()
            let promptText = ns.substring(to: commandRange.location).trimmingSpaces()
            return Prompt(text: promptText, user: group(2), host: group(3), command: command)
        }
        return nil
    }
}
