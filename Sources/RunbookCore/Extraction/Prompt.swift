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

    /// The prompt forms as ICU expressions, tried in order; the first match wins. `PromptReader` reads them
    /// from the line's bytes; these expressions decide only the lines it leaves undecided, where a character
    /// it would have to classify as `\w` or `\s` is not ASCII.
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
    /// would decide the result do the expressions read it.
    public static func parse(_ line: Substring) -> Prompt? {
        var contiguous = line
        do {
            return try contiguous.withUTF8 { try PromptReader(bytes: $0).read() }
        } catch {
            return parseWithExpressions(line)
        }
    }

    /// `parse` by the expressions in `patterns`, for the lines `PromptReader` leaves undecided.
    private static func parseWithExpressions(_ line: Substring) -> Prompt? {
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

/// Reads the forms of `Prompt.patterns` from a line's UTF-8 bytes, with the expressions' exact results.
///
/// Each form is `^`-anchored, and at every choice the expressions can make only one way can lead to a match,
/// so one pass finds it:
/// - the `(venv) ` prefix is a maximal `[\w.-]` run, `)`, and a maximal `\s` run (what follows is never `\s`);
/// - user and host are maximal `[\w.-]` runs: what must follow them (`@`, `:`, `]`, `~`, `\s`, `#`, `$`) is
///   never `[\w.-]`, which also makes the lazy host of form 1 take the whole run;
/// - form 1's `\s+[^\]]*` and `~[^\]]*` both end at the first `]` after the host;
/// - form 2's `[^\s#$]*` ends at the first `\s`, `#` or `$`; the optional `\s` before the sign is taken when there.
///
/// `\w` and `\s` are ASCII-only here: when one of them would have to classify a byte of 0x80 or above, the
/// reader throws `Undecided` and the expressions decide the line. `.` and `$` are exact for every input: `.`
/// stops at ICU's line terminators (LF, VT, FF, CR, NEL, LS, PS), and `$` matches at the end, or before one
/// final line terminator or a final CR LF.
private struct PromptReader {
    /// Whether the line is a prompt depends on a character of 0x80 or above being `\w` or `\s`.
    struct Undecided: Error {}

    let bytes: UnsafeBufferPointer<UInt8>

    /// The prompt the line starts with, or nil; throws when a non-ASCII character would decide it.
    func read() throws(Undecided) -> Prompt? {
        // Only lines that start with `[`, `$`, `(`, an ASCII letter or digit or `_`, and have a `$` or `#`, are
        // prompts (forms 2 and 3 would also take a `.`, `-` or non-ASCII start; `parse` never has); most lines
        // of a script fail this cheap test.
        guard let first = bytes.first, first == UInt8(ascii: "[") || first == UInt8(ascii: "$") || first == UInt8(ascii: "(")
                || Self.isASCIIAlphanumeric(first) || first == UInt8(ascii: "_"),
              bytes.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "#") }) else {
            return nil
        }
        var start = 0
        if first == UInt8(ascii: "(") {
            // `(venv) `; without it no form can start with `(`.
            let name = try wordEnd(from: 1)
            guard name > 1, name < bytes.count, bytes[name] == UInt8(ascii: ")") else { return nil }
            start = try spaceEnd(from: name + 1)
            guard start > name + 1 else { return nil }
        }
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "["): return try bracketed(at: start)
        case UInt8(ascii: "$"): return commandEnd(from: start + 1, optional: true).map { prompt(command: start + 1..<$0) }
        default: return try userAtHost(at: start)
        }
    }

    /// Form 1: `[user@host]$ `, `[user@host dir]# `, `[user@host~]$ `, the `[` at `start`.
    private func bracketed(at start: Int) throws(Undecided) -> Prompt? {
        let userEnd = try wordEnd(from: start + 1)
        guard userEnd > start + 1, userEnd < bytes.count, bytes[userEnd] == UInt8(ascii: "@") else { return nil }
        let hostEnd = try wordEnd(from: userEnd + 1)
        guard hostEnd > userEnd + 1, hostEnd < bytes.count else { return nil }
        let close: Int
        if bytes[hostEnd] == UInt8(ascii: "]") {
            close = hostEnd
        } else if bytes[hostEnd] == UInt8(ascii: "~") || Self.isSpace(bytes[hostEnd]),
                  let bracket = bytes[(hostEnd + 1)...].firstIndex(of: UInt8(ascii: "]")) {
            close = bracket
        } else {
            return nil
        }
        let sign = try optionalSpaceEnd(at: close + 1)
        guard sign < bytes.count, Self.isSign(bytes[sign]), let end = commandEnd(from: sign + 1, optional: true) else { return nil }
        return prompt(command: sign + 1..<end, user: start + 1..<userEnd, host: userEnd + 1..<hostEnd)
    }

    /// Forms 2 and 3: `user@host:dir# `, then `user@host$ `, the user at `start`.
    private func userAtHost(at start: Int) throws(Undecided) -> Prompt? {
        let userEnd = try wordEnd(from: start)
        guard userEnd > start, userEnd < bytes.count, bytes[userEnd] == UInt8(ascii: "@") else { return nil }
        let hostEnd = try wordEnd(from: userEnd + 1)
        guard hostEnd > userEnd + 1, hostEnd < bytes.count else { return nil }
        let user = start..<userEnd, host = userEnd + 1..<hostEnd
        if bytes[hostEnd] == UInt8(ascii: ":") {
            // Form 2; form 3 cannot match either, as its host is followed by `\s` or a sign, not `:`.
            var directoryEnd = hostEnd + 1
            while directoryEnd < bytes.count {
                let byte = bytes[directoryEnd]
                guard byte < 0x80 else { throw Undecided() }
                if Self.isSpace(byte) || Self.isSign(byte) { break }
                directoryEnd += 1
            }
            let sign = try optionalSpaceEnd(at: directoryEnd)
            guard sign < bytes.count, Self.isSign(bytes[sign]), let end = commandEnd(from: sign + 1, optional: true) else { return nil }
            return prompt(command: sign + 1..<end, user: user, host: host)
        }
        let sign = try optionalSpaceEnd(at: hostEnd)
        guard sign < bytes.count, Self.isSign(bytes[sign]), let end = commandEnd(from: sign + 1, optional: false) else { return nil }
        return prompt(command: sign + 1..<end, user: user, host: host)
    }

    /// The end of `( .*|)$` (or `( .*)$` when not `optional`) from `start`, or nil when it does not match there.
    private func commandEnd(from start: Int, optional: Bool) -> Int? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: " ") else {
            return optional && endsInput(at: start) ? start : nil
        }
        // `.*` runs to the first line terminator; shorter runs end before a `.` character, where `$` fails, and
        // the empty alternative fails on the space.
        var end = start + 1
        while end < bytes.count, terminatorLength(at: end) == 0 { end += 1 }
        return endsInput(at: end) ? end : nil
    }

    /// Whether ICU's `$` matches at `index`: at the end, or before one final line terminator or a final CR LF.
    /// (ICU also refuses the LF of a final CR LF, but `index` always follows a sign or a `.` character here.)
    private func endsInput(at index: Int) -> Bool {
        if index == bytes.count { return true }
        let length = terminatorLength(at: index)
        if length > 0, index + length == bytes.count { return true }
        return index + 2 == bytes.count && bytes[index] == 0x0D && bytes[index + 1] == 0x0A
    }

    /// The byte length of the line terminator at `index` (LF, VT, FF, CR, U+0085, U+2028, U+2029), or 0.
    private func terminatorLength(at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return (0x0A...0x0D).contains(byte) ? 1 : 0 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return 3 }
        return 0
    }

    /// The end of the `[\w.-]` run at `start`.
    private func wordEnd(from start: Int) throws(Undecided) -> Int {
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            guard byte < 0x80 else { throw Undecided() }
            guard Self.isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") else { break }
            end += 1
        }
        return end
    }

    /// The end of the `\s` run at `start`.
    private func spaceEnd(from start: Int) throws(Undecided) -> Int {
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            guard byte < 0x80 else { throw Undecided() }
            guard Self.isSpace(byte) else { break }
            end += 1
        }
        return end
    }

    /// Where `\s?` at `index` ends.
    private func optionalSpaceEnd(at index: Int) throws(Undecided) -> Int {
        guard index < bytes.count else { return index }
        guard bytes[index] < 0x80 else { throw Undecided() }
        return Self.isSpace(bytes[index]) ? index + 1 : index
    }

    /// The prompt whose command (group 4, starting with its space when not empty) spans `command`.
    private func prompt(command: Range<Int>, user: Range<Int>? = nil, host: Range<Int>? = nil) -> Prompt {
        Prompt(text: string(0..<command.lowerBound, trimmed: true), user: user.map { string($0) },
               host: host.map { string($0) }, command: string(command, trimmed: true))
    }

    /// The text of `range`, without leading and trailing spaces, tabs, LFs and CRs when `trimmed` (as `trimmingSpaces`).
    private func string(_ range: Range<Int>, trimmed: Bool = false) -> String {
        var range = range
        if trimmed {
            func isTrimmed(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            while let first = range.first, isTrimmed(bytes[first]) { range = range.dropFirst() }
            while let last = range.last, isTrimmed(bytes[last]) { range = range.dropLast() }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// ICU's `\s` for ASCII: tab, LF, VT, FF, CR, space.
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    private static func isSign(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "#") || byte == UInt8(ascii: "$") }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// Splits shell text into logical commands: `\` continuations, heredoc bodies, open quotes and
/// compound commands (`if … fi`, `for … done`, `{ … }`, `( … )`) stay inside one command.
///
/// Lines are read as the characters (grapheme clusters) of `Character` iteration, from their UTF-8 bytes: an
/// ASCII byte followed by another ASCII byte is a character of its own (CR LF aside), so only non-ASCII text,
/// the ASCII character just before it and CR LF go through `String`'s character breaking.
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
