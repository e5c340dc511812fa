import Foundation

/// A value the guide expects its reader to fill in: `<your-ip>`, `<NODE_NAME>`, `YOUR_PASSWORD`, or
/// `${TOKEN}` that no earlier step sets. The inventory's `vars:` give the values (globally or per
/// host); `run` refuses while one has none.
public struct Placeholder: Sendable, Equatable {
    /// As written in the step text (`<your-ip>`, `YOUR_PASSWORD`, `${TOKEN}`).
    public var token: String
    /// The `vars:` key that gives its value (`your-ip`, `YOUR_PASSWORD`, `TOKEN`).
    public var name: String
    /// True for `${NAME}`: given to the step's shell as an exported variable, not written into its text.
    public var isVariable: Bool
    public var step: String
    public var line: Int
}

enum Placeholders {
    /// `<your-ip>`: a `<` (not `<<`, not `<(`) before a letter, then letters, digits, `_`, `-` or `.`, then `>`.
    static let angled = try! NSRegularExpression(pattern: #"(?<![<\w])<([A-Za-z][A-Za-z0-9_.-]*)>(?![\w>])"#)
    /// `YOUR_PASSWORD`, `your_domain`: a word that starts with YOUR_.
    static let yours = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9_$])((?i:your)_[A-Za-z0-9_]+)"#)

    /// False for text with no `<` and no `_` after `your` in any case: no placeholder of either
    /// written form; read by bytes, since every command of a long guide passes here.
    static func mayHold(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            if bytes.contains(UInt8(ascii: "<")) { return true }
            guard bytes.count >= 5 else { return false }
            for i in 0...(bytes.count - 5) where bytes[i + 4] == UInt8(ascii: "_") && (bytes[i] | 0x20) == UInt8(ascii: "y")
                && (bytes[i + 1] | 0x20) == UInt8(ascii: "o") && (bytes[i + 2] | 0x20) == UInt8(ascii: "u") && (bytes[i + 3] | 0x20) == UInt8(ascii: "r") {
                return true
            }
            return false
        }
    }

    /// The placeholders of every step that runs or writes a file, first occurrence per token and
    /// step, and a `placeholder` warning for the first occurrence of each token in the guide.
    /// `variables`: `${NAME}` uses that no earlier step sets (from the session analysis).
    static func find(in steps: [Step], variables: [Placeholder]) -> (placeholders: [Placeholder], diagnostics: [Diagnostic]) {
        var found: [Placeholder] = []
        for step in steps where step.runs || step.kind == .file {
            var texts = step.commands.map { ($0.text, $0.line) }
            if step.kind == .file, let file = step.file { texts.append((file.content, step.line + 1)) }
            var seen = Set<String>()
            for (text, firstLine) in texts where mayHold(text) {
                for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = String(line)
                    let ns = line as NSString
                    for match in angled.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
                        let token = ns.substring(with: match.range)
                        if seen.insert(token).inserted {
                            found.append(Placeholder(token: token, name: ns.substring(with: match.range(at: 1)), isVariable: false,
                                                     step: step.id, line: firstLine + offset))
                        }
                    }
                    for match in yours.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
                        let token = ns.substring(with: match.range(at: 1))
                        if seen.insert(token).inserted {
                            found.append(Placeholder(token: token, name: token, isVariable: false, step: step.id, line: firstLine + offset))
                        }
                    }
                }
            }
        }
        found += variables
        found.sort { ($0.line, $0.token) < ($1.line, $1.token) }
        var reported = Set<String>()
        let diagnostics = found.filter { reported.insert($0.token).inserted }.map { placeholder in
            Diagnostic(.placeholder, line: placeholder.line,
                "`\(placeholder.token)` is a value for the reader to fill in; `run` needs it from the inventory",
                hint: "give it in the inventory: vars: { \(placeholder.name.contains("-") ? "\"\(placeholder.name)\"" : placeholder.name): … } (or per host, under the host's vars:)")
        }
        return (found, diagnostics)
    }
}
