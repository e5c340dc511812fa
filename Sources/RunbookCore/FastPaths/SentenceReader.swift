/// Sentences of prose read from around the bytes asked for, rather than from the paragraph's start:
/// whether a sentence ends at a byte depends only on the bytes around it.
///
/// Judge: `rangesFromStart`, the reading from the first byte it replaced; `FastPathTests` compare the two.
enum SentenceReader {
    /// Full-width sentence ends: each starts with 0xE3 or 0xEF.
    private static let sentenceEnds: [[UInt8]] = ["。", "！", "？", "；"].map { Array($0.utf8) }

    /// `BlockFacts.sentenceRanges`. `from` and `through` give the same ranges, cut to those from the
    /// sentence holding byte `from` to the one holding byte `through`: whether a sentence ends at a byte
    /// depends only on the bytes around it, so the sentences before and after need not be read (most
    /// of a paragraph, often).
    static func ranges(_ bytes: [UInt8], from first: Int = 0, through last: Int = .max) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = sentenceStart(bytes, holding: first)
        var i = start
        while i < bytes.count, start <= last {
            if let length = endMark(bytes, at: i) {
                result.append(start..<(i + length))
                start = i + length
                i = start
            } else {
                i += 1
            }
        }
        if start < bytes.count, start <= last { result.append(start..<bytes.count) }
        return result
    }

    /// The length of the mark ending a sentence at byte `i`, if one does.
    private static func endMark(_ bytes: [UInt8], at i: Int) -> Int? {
        switch bytes[i] {
        case UInt8(ascii: "."):
            return i + 1 == bytes.count || bytes[i + 1] == 0x20 || bytes[i + 1] == 0x0A ? 1 : nil
        case UInt8(ascii: ";"), UInt8(ascii: "!"), UInt8(ascii: "?"):
            return 1
        case 0xE3, 0xEF:
            guard i + 3 <= bytes.count else { return nil }
            let sentenceEnds = Self.sentenceEnds
            return sentenceEnds.contains { bytes[i] == $0[0] && bytes[i + 1] == $0[1] && bytes[i + 2] == $0[2] } ? 3 : nil
        default:
            return nil
        }
    }

    /// Where the sentence holding byte `offset` starts: past the last mark ending at or before it.
    /// (Marks never overlap, their later bytes being UTF-8 continuation bytes, so looking back finds
    /// the same ends as reading forward from the start.)
    private static func sentenceStart(_ bytes: [UInt8], holding offset: Int) -> Int {
        var end = min(offset, bytes.count)
        while end > 0 {
            if let length = endMark(bytes, at: end - 1), length == 1 { return end }
            if end >= 3, endMark(bytes, at: end - 3) == 3 { return end }
            end -= 1
        }
        return 0
    }

    /// The judge: sentences as they were read, every paragraph from its first byte (`ranges` from 0).
    static func rangesFromStart(_ bytes: [UInt8]) -> [Range<Int>] {
        let ends: [[UInt8]] = ["。", "！", "？", "；"].map { Array($0.utf8) }
        var result: [Range<Int>] = []
        var start = 0, i = 0
        while i < bytes.count {
            var end = -1
            if bytes[i] == UInt8(ascii: "."), i + 1 == bytes.count || bytes[i + 1] == 0x20 || bytes[i + 1] == 0x0A {
                end = i + 1
            } else if bytes[i] == UInt8(ascii: ";") || bytes[i] == UInt8(ascii: "!") || bytes[i] == UInt8(ascii: "?") {
                end = i + 1
            } else if bytes[i] == 0xE3 || bytes[i] == 0xEF, let mark = ends.first(where: { i + 3 <= bytes.count && bytes[i] == $0[0] && bytes[i + 1] == $0[1] && bytes[i + 2] == $0[2] }) {
                end = i + mark.count
            }
            if end > 0 { result.append(start..<end); start = end; i = end } else { i += 1 }
        }
        if start < bytes.count { result.append(start..<bytes.count) }
        return result
    }
}
