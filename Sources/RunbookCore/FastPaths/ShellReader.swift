import Foundation

/// Splits shell text into logical commands: `\` continuations, heredoc bodies, open quotes and
/// compound commands (`if … fi`, `for … done`, `{ … }`, `( … )`) stay inside one command.
///
/// Lines are read as the characters (grapheme clusters) of `Character` iteration, from their UTF-8 bytes: an
/// ASCII byte followed by another ASCII byte is a character of its own (CR LF aside), so only non-ASCII text,
/// the ASCII character just before it and CR LF go through `String`'s character breaking.
///
/// Judge: `ReferenceShellReader` below, the `Character` code it replaced; `PromptReaderTests` compare the
/// two on the milvus guides, hand-picked and seeded random shell text.
public struct ShellReader {
    /// An open quote, which may span lines.
    private enum Quote { case single, double }

    /// What a character means to the reader.
    private enum Symbol: Equatable {
        /// A letter or `_`, part of a word.
        case wordPart
        case backslash, hash, quote(Quote), less, openBrace, closeBrace, openParen, closeParen, semicolon
        /// `&` or `|`.
        case control
        /// A space or a tab.
        case blank
        case other

        init(_ character: Character) {
            if character.isLetter || character == "_" { self = .wordPart; return }
            switch character {
            case "\\": self = .backslash
            case "#": self = .hash
            case "'": self = .quote(.single)
            case "\"": self = .quote(.double)
            case "<": self = .less
            case "{": self = .openBrace
            case "}": self = .closeBrace
            case "(": self = .openParen
            case ")": self = .closeParen
            case ";": self = .semicolon
            case "&", "|": self = .control
            case " ", "\t": self = .blank
            default: self = .other
            }
        }

        /// The symbol of each ASCII character, by its byte.
        static let ascii: [Symbol] = (0..<128).map { Symbol(Character(Unicode.Scalar(UInt8($0)))) }
    }

    /// The reserved words that open or close compound commands, or keep a command's start.
    private enum Keyword: String {
        case `if`, `for`, `while`, until, select, `case`, fi, done, esac, then, `do`, `else`, elif, `in`

        /// Whether a command starts after the word.
        var precedesCommand: Bool {
            switch self {
            case .if, .while, .until, .then, .do, .else, .elif, .fi, .done, .esac: true
            case .for, .select, .case, .in: false
            }
        }
    }

    private var heredocTerminators: [(word: String, stripTabs: Bool)] = []
    private var openQuote: Quote?
    private var depth = 0
    private var caseDepth = 0
    private var continued = false

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
        var contiguous = line
        contiguous.withUTF8 { read($0, of: line) }
    }

    /// Reads `line`, whose UTF-8 bytes are `bytes`, outside any heredoc body.
    private mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, of line: Substring) {
        continued = false
        var previous = Symbol.blank   // the line start counts as a blank
        var atCommandStart = openQuote == nil
        var wordStart: Int?           // the byte where the word being read starts
        var index = 0
        let ascii = Symbol.ascii

        /// The symbol of the character at byte `start`, and the byte after the character.
        func character(at start: Int) -> (symbol: Symbol, end: Int) {
            let byte = bytes[start]
            if byte < 0x80, start + 1 == bytes.count || (bytes[start + 1] < 0x80 && !(byte == 0x0D && bytes[start + 1] == 0x0A)) {
                return (ascii[Int(byte)], start + 1)
            }
            let first = line.utf8.index(line.startIndex, offsetBy: start)
            let next = line.index(after: first)
            return (Symbol(line[first]), start + line.utf8.distance(from: first, to: next))
        }

        func finishWord(at end: Int) {
            defer { wordStart = nil }
            // Blanks and operators end no word: `cd x && if …` and an indented `if` still start a command.
            guard let start = wordStart else { return }
            guard atCommandStart else { return }
            let keyword = Keyword(rawValue: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            switch keyword {
            case .if, .for, .while, .until, .select: depth += 1
            case .case: depth += 1; caseDepth += 1
            case .fi, .done: depth -= 1
            case .esac: depth -= 1; caseDepth = max(0, caseDepth - 1)
            case .then, .do, .else, .elif, .in: return   // still at command start
            case nil: break
            }
            atCommandStart = keyword?.precedesCommand ?? false
        }

        while index < bytes.count {
            let (symbol, next) = character(at: index)
            var resume = next
            defer { previous = symbol; index = resume }
            if let quote = openQuote {
                if symbol == .backslash && quote == .double {
                    guard next < bytes.count else { break }
                    resume = character(at: next).end
                } else if symbol == .quote(quote) {
                    openQuote = nil
                }
                continue
            }
            if symbol == .wordPart {
                if wordStart == nil { wordStart = index }
                continue
            }
            finishWord(at: index)
            switch symbol {
            case .backslash:
                guard next < bytes.count else { continued = true; return }
                resume = character(at: next).end
            case .hash where previous == .blank || previous == .semicolon:
                resume = bytes.count
            case .quote(let quote):
                openQuote = quote
            case .less:
                if let end = openHeredoc(in: line, at: index) { resume = end } else { atCommandStart = false }
            case .openBrace where previous == .blank || previous == .semicolon:
                depth += 1; atCommandStart = true
            case .closeBrace where previous == .blank || previous == .semicolon:
                depth -= 1
            case .openParen:
                depth += 1; atCommandStart = true
            case .closeParen:
                if caseDepth == 0 { depth -= 1 } else { atCommandStart = true }
            case .semicolon, .control:
                atCommandStart = true
            case .blank:
                break
            default:
                atCommandStart = false
            }
        }
        finishWord(at: bytes.count)
        if openQuote == nil, Self.endsWithPipeOrAnd(bytes) { continued = true }
    }

    /// Reads the heredoc operator at byte `offset` of `line` (`<<WORD`, `<<-WORD`, `<<'WORD'`; `<<<` is a
    /// here-string): queues its terminator and returns the byte after the operator's word, or nil when no
    /// heredoc starts there.
    private mutating func openHeredoc(in line: Substring, at offset: Int) -> Int? {
        let index = line.utf8.index(line.startIndex, offsetBy: offset)
        guard line[index...].hasPrefix("<<"), !line[index...].hasPrefix("<<<") else { return nil }
        let rest = line[line.index(index, offsetBy: 2)...]
        let stripTabs = rest.first == "-"
        let spec = (stripTabs ? rest.dropFirst() : rest).drop(while: { $0 == " " })
        let raw = spec.prefix(while: { !" \t;&|<>)".contains($0) })
        let terminator = String(raw.filter { $0 != "'" && $0 != "\"" && $0 != "\\" })
        if !terminator.isEmpty { heredocTerminators.append((terminator, stripTabs)) }
        return line.utf8.distance(from: line.startIndex, to: raw.endIndex)
    }

    /// Whether the line, without trailing spaces, tabs and newlines, ends with the character `|` or `&&`.
    private static func endsWithPipeOrAnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isTrimmed(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let last = bytes.lastIndex(where: { !isTrimmed($0) }) else { return false }
        let operatorStart: Int
        if bytes[last] == UInt8(ascii: "|") {
            operatorStart = last
        } else if bytes[last] == UInt8(ascii: "&"), last > 0, bytes[last - 1] == UInt8(ascii: "&") {
            operatorStart = last - 1
        } else {
            return false
        }
        // After an ASCII byte (or none) the operator's bytes are characters of their own; after other text they
        // may join a character before them (U+0600 `|` is one), so ask String.
        guard operatorStart > 0, bytes[operatorStart - 1] >= 0x80 else { return true }
        let first = bytes.firstIndex(where: { !isTrimmed($0) })!
        let trimmed = String(decoding: UnsafeBufferPointer(rebasing: bytes[first...last]), as: UTF8.self)
        return trimmed.hasSuffix("|") || trimmed.hasSuffix("&&")
    }
}

/// `ShellReader` as it was, iterating `Character`s: its judge, kept as the reference (only tests use it).
struct ReferenceShellReader {
    private var heredocTerminators: [(word: String, stripTabs: Bool)] = []
    private var openQuote: Character?
    private var depth = 0
    private var caseDepth = 0
    private var continued = false

    private static let keywordsBeforeCommand: Set<String> = ["if", "while", "until", "then", "do", "else", "elif", "fi", "done", "esac"]

    init() {}

    /// True when the text fed so far ends a complete command.
    var isComplete: Bool { heredocTerminators.isEmpty && openQuote == nil && depth <= 0 && !continued }

    /// Feeds one line of a command.
    mutating func feed(_ line: Substring) {
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
            guard !word.isEmpty else { return }   // fixed since: a blank no longer ends the command start
            guard atCommandStart else { return }
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
