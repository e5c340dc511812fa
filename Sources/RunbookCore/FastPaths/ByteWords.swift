import Foundation

extension String {
    /// True when the UTF-8 bytes contain `byte` (memchr when the text is contiguous, which it usually is).
    func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, Int32(byte), bytes.count) != nil } ?? false
        } ?? utf8.contains(byte)
    }
}

/// Words to look for in UTF-8 bytes in one pass, ASCII letters compared without case: a cheap test
/// that runs on every paragraph of a guide before anything slower does.
///
/// Judge: `occurBySearch`, a plain search of the lowercased text; `FastPathTests` compare the two.
struct ByteWords: Sendable {
    /// The words, ASCII letters lowercased.
    let words: [[UInt8]]
    /// For each (lowercased) first byte, the indices of the words that start with it.
    private let startingWith: [[Int]]
    /// The first two (lowercased) bytes of the words as a 65,536-bit set: in Chinese text most
    /// characters share a first byte with some word, but rarely the first two.
    private let pairs: [UInt64]

    init(_ words: [String]) {
        self.words = words.map { Array($0.utf8).map(Self.folded) }
        var table = [[Int]](repeating: [], count: 256)
        var pairs = [UInt64](repeating: 0, count: 1024)
        for (index, word) in self.words.enumerated() where !word.isEmpty {
            table[Int(word[0])].append(index)
            // A one-byte word may be followed by anything.
            let seconds = word.count > 1 ? [word[1]] : Array(0...255).map(UInt8.init).map(Self.folded)
            for second in seconds {
                let pair = Int(word[0]) << 8 | Int(second)
                pairs[pair >> 6] |= 1 << UInt64(pair & 63)
            }
        }
        startingWith = table
        self.pairs = pairs
    }

    static func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }

    /// True when any of the words occurs in `bytes`.
    func occur(in bytes: [UInt8]) -> Bool {
        var found = false
        forEach(in: bytes) { _, _ in found = true; return false }
        return found
    }

    /// Where the words occur in `bytes`: (byte offset, index of the word), in order of offset.
    func occurrences(in bytes: [UInt8]) -> [(offset: Int, word: Int)] {
        var result: [(offset: Int, word: Int)] = []
        forEach(in: bytes) { offset, word in result.append((offset, word)); return true }
        return result
    }

    /// Calls `body` with each occurrence until it returns false.
    private func forEach(in bytes: [UInt8], _ body: (Int, Int) -> Bool) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { bytes in
            pairs.withUnsafeBufferPointer { pairs in
                Self.foldTable.withUnsafeBufferPointer { fold in
                    for start in 0..<bytes.count {
                        // No word starts with a UTF-8 continuation byte: in CJK text, two bytes in three.
                        guard bytes[start] & 0xC0 != 0x80 else { continue }
                        let first = Int(fold[Int(bytes[start])])
                        let second = start + 1 < bytes.count ? Int(fold[Int(bytes[start + 1])]) : 0
                        let pair = first << 8 | second
                        guard pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                        for index in startingWith[first] where matches(words[index], bytes, at: start) {
                            guard body(start, index) else { return }
                        }
                    }
                }
            }
        }
    }

    /// `folded` for every byte.
    private static let foldTable: [UInt8] = (0...255).map { folded(UInt8($0)) }

    private func matches(_ word: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + word.count <= bytes.count else { return false }
        for offset in 1..<word.count where Self.folded(bytes[start + offset]) != word[offset] { return false }
        return true
    }

    /// The judge: the text's ASCII letters lowercased, then each word looked for at every byte.
    func occurBySearch(in text: String) -> Bool {
        let folded = Array(String(text.map { $0.isASCII ? Character($0.lowercased()) : $0 }).utf8)
        return words.contains { word in folded.indices.contains { folded[$0...].starts(with: word) } }
    }
}
