import Foundation

/// `共 N 个` and `共 N 台` read from bytes: this runs on every paragraph, where a regular expression cost
/// more than the rest of the count check.
///
/// Judge: `statedCountsByExpression`, the one expression `HostFinder.statedCounts` used for every form
/// before; `FastPathTests` compare `statedCounts` with it on seeded random text.
enum ChineseCountReader {
    private static let total = Array("共".utf8)
    private static let counters = [Array("个".utf8), Array("台".utf8)]
    private static let numerals = Set("一二两三四五六七八九十".unicodeScalars)

    /// `共 N 个` and `共 N 台`, N in digits or Chinese numerals, spaces allowed around N.
    static func counts(_ bytes: [UInt8]) -> [(offset: Int, count: StatedCount)] {
        var result: [(offset: Int, count: StatedCount)] = []
        var start = 0
        while let at = find(total, in: bytes, from: start) {
            start = at + total.count
            var i = skipSpaces(bytes, from: start)
            let numberStart = i
            if i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            } else {
                while let (scalar, next) = scalar(bytes, at: i), numerals.contains(scalar) { i = next }
            }
            guard i > numberStart else { continue }
            let numberEnd = i
            i = skipSpaces(bytes, from: i)
            guard let counter = counters.first(where: { bytes.count >= i + $0.count && Array(bytes[i..<(i + $0.count)]) == $0 }) else { continue }
            let end = i + counter.count
            if let n = HostFinder.number(String(decoding: bytes[numberStart..<numberEnd], as: UTF8.self)) {
                result.append((at, StatedCount(count: n, evidence: String(decoding: bytes[at..<end], as: UTF8.self))))
            }
            start = end
        }
        return result
    }

    private static func find(_ word: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= word.count, start <= bytes.count - word.count else { return nil }
        return (start...(bytes.count - word.count)).first { i in bytes[i] == word[0] && bytes[i + 1] == word[1] && bytes[i + 2] == word[2] }
    }

    /// The Unicode scalar at byte `index` and the index after it (nil at the end or on a broken sequence).
    private static func scalar(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        guard index < bytes.count else { return nil }
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return (scalar, index + UTF8.width(scalar))
    }

    /// Past white space as regular expressions' `\s` means it: tab, newlines, form feed and Unicode spaces.
    private static func skipSpaces(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] < 0x80 {   // ASCII, the usual case: space, tab, LF, FF, CR
            guard bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0C || bytes[i] == 0x0D else { return i }
            i += 1
        }
        while let (scalar, next) = scalar(bytes, at: i) {
            let isSpace = [0x09, 0x0A, 0x0C, 0x0D].contains(scalar.value)
                || [.spaceSeparator, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
            guard isSpace else { break }
            i = next
        }
        return i
    }

    /// The judge: all forms of stated counts by one regular expression, as `statedCounts` once read them.
    static let statedCountsExpression = try! NSRegularExpression(pattern:
        #"共\s*(\d+|[一二两三四五六七八九十]+)\s*(?:个|台)|(?i:\ball\s+(two|three|four|five|six|seven|eight|nine|ten|\d+)\b)|(?i:\bboth\b)"#)

    /// `HostFinder.statedCounts(in:)` by `statedCountsExpression`.
    static func statedCountsByExpression(_ text: String) -> [StatedCount] {
        let ns = text as NSString
        return statedCountsExpression.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { match in
            let evidence = ns.substring(with: match.range)
            for group in 1...2 where match.range(at: group).location != NSNotFound {
                if let n = HostFinder.number(ns.substring(with: match.range(at: group))) {
                    return StatedCount(count: n, evidence: evidence)
                }
            }
            return evidence.lowercased() == "both" ? StatedCount(count: 2, evidence: evidence) : nil
        }
    }
}
