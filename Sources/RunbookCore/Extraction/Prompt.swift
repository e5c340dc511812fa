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
    public static func parse(_ line: Substring) -> Prompt? {
        // Every prompt form has a `$` or `#`; most lines of a script have neither, so skip the expressions.
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

/// Splits shell text into logical commands: `\` continuations, heredoc bodies, open quotes and
/// compound commands (`if … fi`, `for … done`, `{ … }`, `( … )`) stay inside one command.
public struct ShellReader {
    private var heredocTerminators: [(word: String, stripTabs: Bool)] = []
    private var openQuote: Character?
    private var depth = 0
    private var caseDepth = 0
    private var continued = false

    private static let keywordsBeforeCommand: Set<String> = ["if", "while", "until", "then", "do", "else", "elif", "fi", "done", "esac"]

    public init() {}

    /// True when the text fed so far ends a complete command.
    public var isComplete: Bool { heredocTerminators.isEmpty && openQuote == nil && depth <= 0 && !continued }

    /// Feeds one line of a command.
    public mutating func feed(_ line: Substring) {
        if let heredoc = heredocTerminators.first {
            let candidate = heredoc.stripTabs ? line.drop(while: { $0 == "\t" }) : line
            if candidate == heredoc.word { heredocTerminators.removeFirst() }
            return
        }
        continued = false
        var previous: Character = " "
        var atCommandStart = openQuote == nil
        var word = ""
        var index = line.startIndex

        func finishWord() {
            defer { word = "" }
            guard !word.isEmpty, atCommandStart else { atCommandStart = false; return }
            switch word {
            case "if", "for", "while", "until", "select": depth += 1
            case "case": depth += 1; caseDepth += 1
            case "fi", "done": depth -= 1
            case "esac": depth -= 1; caseDepth = max(0, caseDepth - 1)
            case "then", "do", "else", "elif", "in": return   // still at command start
            default: break
            }
            atCommandStart = Self.keywordsBeforeCommand.contains(word)
        }

        while index < line.endIndex {
            let c = line[index]
            defer { if index < line.endIndex { previous = c; index = line.index(after: index) } }
            if let quote = openQuote {
                if c == "\\" && quote == "\"" {
                    index = line.index(after: index)
                    if index == line.endIndex { break }
                } else if c == quote {
                    openQuote = nil
                }
                continue
            }
            if c.isLetter || c == "_" { word.append(c); continue }
            finishWord()
            switch c {
            case "\\":
                let next = line.index(after: index)
                if next == line.endIndex { continued = true; index = next; return }
                index = next
            case "#" where previous == " " || previous == "\t" || previous == ";" || index == line.startIndex:
                index = line.endIndex
            case "'", "\"":
                openQuote = c
            case "<" where line[index...].hasPrefix("<<") && !line[index...].hasPrefix("<<<"):
                let rest = line[line.index(index, offsetBy: 2)...]
                let stripTabs = rest.first == "-"
                let spec = (stripTabs ? rest.dropFirst() : rest).drop(while: { $0 == " " })
                let raw = spec.prefix(while: { !" \t;&|<>)".contains($0) })
                let terminator = String(raw.filter { $0 != "'" && $0 != "\"" && $0 != "\\" })
                if !terminator.isEmpty { heredocTerminators.append((terminator, stripTabs)) }
                index = line.index(before: raw.endIndex > index ? raw.endIndex : line.index(after: index))
            case "{" where previous == " " || previous == "\t" || previous == ";" || index == line.startIndex:
                depth += 1; atCommandStart = true
            case "}" where previous == " " || previous == "\t" || previous == ";" || index == line.startIndex:
                depth -= 1
            case "(":
                depth += 1; atCommandStart = true
            case ")":
                if caseDepth == 0 { depth -= 1 } else { atCommandStart = true }
            case ";", "&", "|":
                atCommandStart = true
            case " ", "\t":
                break
            default:
                atCommandStart = false
            }
        }
        finishWord()
        let trimmed = line.trimmingSpaces()
        if openQuote == nil, trimmed.hasSuffix("|") || trimmed.hasSuffix("&&") { continued = true }
    }
}
