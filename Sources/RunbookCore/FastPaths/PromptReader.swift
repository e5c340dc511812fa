import Foundation

/// Reads the forms of `Prompt.patterns` from a line's UTF-8 bytes, with the expressions' exact results.
///
/// Judge: `Prompt.parseByGrammar` (Extraction/Prompt.swift), the grammar itself, which also reads the
/// lines this reader leaves undecided; `PromptReaderTests` compare the two on the milvus guides,
/// hand-picked and seeded random lines.
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
/// reader throws `Undecided` and the grammar decides the line. `.` and `$` are exact for every input: `.`
/// stops at ICU's line terminators (LF, VT, FF, CR, NEL, LS, PS), and `$` matches at the end, or before one
/// final line terminator or a final CR LF.
struct PromptReader {
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
