import Foundation

/// A Markdown file as a flat list of Swift values, each with its 1-based source line.
///
/// Produced once from libcmark's tree (see `MarkdownParser`); nothing downstream sees C.
public struct Document: Sendable, Equatable {
    /// The blocks in source order. Containers (lists, quotes) are flattened; a block inside a
    /// list item has `inListItem` set.
    public var blocks: [Block]
    /// The source's lines (without terminators), for rules that must read raw text.
    public var lines: SourceLines

    public init(blocks: [Block], lines: SourceLines) {
        self.blocks = blocks
        self.lines = lines
    }
}

/// The lines of a source, split on LF, CRLF or CR like cmark does, so that line numbers agree with
/// its source positions. Keeps the bytes as read (one copy) and the byte bounds of each line; a
/// line becomes text only when asked for, so a large guide is never decoded as a whole.
public struct SourceLines: Sendable, Equatable {
    /// The source's bytes as read: UTF-8, except where the file is not (a line's text, and libcmark,
    /// read those as U+FFFD).
    public let bytes: [UInt8]
    /// Offsets where each line starts, and where its text ends (before the terminator).
    private var starts: [Int] = []
    private var ends: [Int] = []

    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            starts.reserveCapacity(bytes.count / 32)
            ends.reserveCapacity(bytes.count / 32)
            var start = 0
            if memchr(base, 0x0D, bytes.count) == nil {
                // No CR anywhere (the usual case): memchr from one LF to the next.
                while start < bytes.count, let found = memchr(base + start, 0x0A, bytes.count - start) {
                    let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    starts.append(start)
                    ends.append(end)
                    start = end + 1
                }
            } else {
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0x0A || byte == 0x0D {
                        starts.append(start)
                        ends.append(index)
                        index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                        start = index
                    } else {
                        index += 1
                    }
                }
            }
            if start < bytes.count { starts.append(start); ends.append(bytes.count) }
        }
    }

    public var count: Int { starts.count }

    /// Line `index` (0-based), without its terminator, as text (invalid UTF-8 as U+FFFD).
    public subscript(index: Int) -> Substring {
        Substring(String(decoding: bytes[starts[index]..<ends[index]], as: UTF8.self))
    }

    /// Lines `range` (0-based).
    public subscript(range: Range<Int>) -> [Substring] { range.map { self[$0] } }

    /// The byte bounds of line `index` (0-based) in `bytes`.
    func bounds(_ index: Int) -> Range<Int> { starts[index]..<ends[index] }

    /// Where line `index` (0-based) starts in `bytes`; their count past the last line.
    func start(_ index: Int) -> Int { index < starts.count ? starts[index] : bytes.count }
}

/// One block-level element of a Markdown document.
///
/// Immutable, and a class: the passes over a large guide hand blocks around by the tens of thousands,
/// and a reference is retained once where a struct's copy retained each of its strings and arrays.
public final class Block: Sendable, Equatable {
    /// What kind of element this is and what it holds.
    public enum Kind: Sendable, Equatable {
        case heading(level: Int)
        case paragraph
        case code(CodeBlock)
        case html
    }

    public let kind: Kind
    /// First source line (1-based).
    public let line: Int
    /// Last source line (1-based).
    public let endLine: Int
    /// Plain text: inline code kept without backticks, soft breaks as spaces. For HTML and code, the literal.
    public let text: String
    /// Link destinations inside the block (paragraphs, headings), in order.
    public let links: [String]
    /// Inline code spans inside the block, in order (`milvus.yaml`, `/home/dcos`).
    public let codeSpans: [String]
    /// True when the block sits inside a list item.
    public let inListItem: Bool

    public init(kind: Kind, line: Int, endLine: Int, text: String, links: [String] = [],
                codeSpans: [String] = [], inListItem: Bool = false) {
        self.kind = kind
        self.line = line
        self.endLine = endLine
        self.text = text
        self.links = links
        self.codeSpans = codeSpans
        self.inListItem = inListItem
    }

    public static func == (a: Block, b: Block) -> Bool {
        a === b || (a.kind == b.kind && a.line == b.line && a.endLine == b.endLine && a.text == b.text && a.links == b.links
            && a.codeSpans == b.codeSpans && a.inListItem == b.inListItem)
    }
}

/// A code block as written: its info string, body and how its fence looks.
public struct CodeBlock: Sendable, Equatable {
    /// The whole info string after the fence (`bash`, `yaml {file=x}`); empty for indented blocks.
    public var info: String
    /// The body, with a trailing newline when non-empty.
    public var literal: String
    /// True for ``` or ~~~ fences, false for indented blocks.
    public var fenced: Bool
    /// False when a fence was never closed (cmark runs it to the end of the file).
    public var closed: Bool

    /// The first word of the info string, lowercased (`bash`, `yaml`, ``).
    public var language: String {
        let utf8 = info.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {   // the usual case, read by bytes
            let start = utf8.firstIndex { !Self.isSeparator($0) } ?? utf8.endIndex
            let end = utf8[start...].firstIndex(where: Self.isSeparator) ?? utf8.endIndex
            return String(info[start..<end]).lowercased()
        }
        return String(info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first ?? "").lowercased()
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: "{")
    }

    public init(info: String, literal: String, fenced: Bool, closed: Bool) {
        self.info = info
        self.literal = literal
        self.fenced = fenced
        self.closed = closed
    }
}
