internal import CCmark

/// Turns Markdown text into a `Document` with libcmark, freeing the C trees before returning.
///
/// A large guide is cut at top-level headings into pieces that libcmark parses in parallel: a line
/// `# …` after a blank line starts a new top-level block whatever came before it, except inside a
/// fenced code block or an HTML block that is still open (and cmark ends a fence closed by such a
/// line on that line), and link reference definitions reach across the whole file. So a guide with
/// `]:` anywhere is parsed whole, and when a piece ends inside an open fence or HTML block, the whole
/// file is parsed again in one piece. The result is the same either way (tests check it).
public enum MarkdownParser {
    /// Below this size a guide is parsed in one piece.
    static let pieceSize = 1 << 20

    /// Parses a guide's bytes as read. Valid UTF-8 (the usual case) is not decoded, only checked, piece
    /// by piece; a piece that is not valid is decoded (invalid sequences become U+FFFD) before libcmark
    /// reads it.
    public static func parse(_ bytes: [UInt8]) -> Document {
        parse(bytes, pieceSize: pieceSize)
    }

    public static func parse(_ source: String) -> Document {
        parse(Array(source.utf8), pieceSize: pieceSize)
    }

    static func parse(_ source: String, pieceSize: Int) -> Document {
        parse(Array(source.utf8), pieceSize: pieceSize)
    }

    /// Parses `source`, cutting it into pieces of about `pieceSize` bytes or more.
    static func parse(_ source: [UInt8], pieceSize: Int) -> Document {
        let lines = SourceLines(bytes: source)
        let blocks = source.withUnsafeBufferPointer { bytes in
            parseInPieces(lines, cuts: cutLines(bytes, lines, pieceSize: pieceSize))
                ?? parsePiece(bytes, lines, 0..<lines.count).blocks
        }
        return Document(blocks: blocks, lines: lines)
    }

    /// The blocks of the pieces starting at `cuts`, parsed in parallel; nil when there is only one
    /// piece or a piece ends inside something open.
    static func parseInPieces(_ lines: SourceLines, cuts: [Int]) -> [Block]? {
        guard cuts.count > 2 else { return nil }
        var pieces = Parallel.map(cuts.count - 1) { index in
            lines.bytes.withUnsafeBufferPointer { parsePiece($0, lines, cuts[index]..<cuts[index + 1]) }
        }
        guard pieces.dropLast().allSatisfy(\.endsClosed) && pieces.allSatisfy(\.parsed) else { return nil }
        // Joined by moving the blocks out of the pieces, last first: copying would retain every
        // block, and dropping the pieces release them all again.
        let total = pieces.reduce(0) { $0 + $1.blocks.count }
        return [Block](unsafeUninitializedCapacity: total) { joined, count in
            var end = total
            for index in pieces.indices.reversed() {
                while let block = pieces[index].blocks.popLast() {
                    end -= 1
                    (joined.baseAddress! + end).initialize(to: block)
                }
            }
            count = total
        }
    }

    /// Line indices (0-based) where pieces start, plus the line count; just `[0, count]` for one piece.
    static func cutLines(_ bytes: UnsafeBufferPointer<UInt8>, _ lines: SourceLines, pieceSize: Int) -> [Int] {
        // Four pieces per core: libcmark's time per piece varies, and smaller pieces even the cores out.
        let pieces = min(Parallel.pieces * 2, bytes.count / max(pieceSize, 1))
        guard pieces > 1, !contains(bytes, "]:") else { return [0, lines.count] }
        var cuts = [0]
        var fence: (char: UInt8, length: Int)?   // the top-level fence open at this line, as far as a quick look tells
        for line in 1..<max(lines.count, 1) {
            let bounds = lines.bounds(line)
            if let open = fence {
                if let marker = fenceRun(bytes, bounds), marker.char == open.char, marker.length >= open.length, marker.bare { fence = nil }
                continue
            }
            if let marker = fenceRun(bytes, bounds) { fence = (marker.char, marker.length); continue }
            guard lines.start(line) >= bytes.count / pieces * cuts.count, isATXHeading(bytes, bounds),
                  isBlank(bytes, lines.bounds(line - 1)) else { continue }
            cuts.append(line)
            if cuts.count == pieces { break }
        }
        cuts.append(lines.count)
        return cuts
    }

    /// A fence run of three or more ` or ~ after at most three spaces, and whether nothing follows it.
    private static func fenceRun(_ bytes: UnsafeBufferPointer<UInt8>, _ bounds: Range<Int>) -> (char: UInt8, length: Int, bare: Bool)? {
        var i = bounds.lowerBound
        while i < bounds.upperBound, i - bounds.lowerBound < 3, bytes[i] == 0x20 { i += 1 }
        guard let run = fence(bytes, at: i, before: bounds.upperBound) else { return nil }
        return (run.char, run.length, (i + run.length..<bounds.upperBound).allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 })
    }

    /// The run of three or more ` or ~ starting at byte `start` (and ending before `end`), if there is one.
    private static func fence(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, before end: Int) -> (char: UInt8, length: Int)? {
        guard start < end, bytes[start] == UInt8(ascii: "`") || bytes[start] == UInt8(ascii: "~") else { return nil }
        var i = start
        while i < end, bytes[i] == bytes[start] { i += 1 }
        return i - start >= 3 ? (bytes[start], i - start) : nil
    }

    /// The blocks of lines `range` parsed on their own, and whether the piece ends with nothing open
    /// that the next piece's first line would change (an unclosed fence, an HTML block).
    private static func parsePiece(_ bytes: UnsafeBufferPointer<UInt8>, _ lines: SourceLines, _ range: Range<Int>)
        -> (blocks: [Block], endsClosed: Bool, parsed: Bool) {
        let piece = UnsafeBufferPointer(rebasing: bytes[lines.start(range.lowerBound)..<lines.start(range.upperBound)])
        func parse(_ text: UnsafeBufferPointer<UInt8>) -> OpaquePointer? {
            text.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, CMARK_OPT_SOURCEPOS) }
        }
        // libcmark gets valid UTF-8. Text that is not is decoded by Swift's rules first (a U+FFFD for
        // each bad sequence); libcmark's own check can drop the bytes after a sequence that a line's end
        // cuts short. A bad sequence never spans a newline, so lines and line numbers stay as they are.
        let root = (try? UTF8Span(validating: piece.span)) != nil
            ? parse(piece)
            : Array(String(decoding: piece, as: UTF8.self).utf8).withUnsafeBufferPointer(parse)
        guard let root else { return ([], false, false) }   // out of memory: nothing to read
        defer { cmark_node_free(root) }
        let blocks = collectBlocks(root, bytes, lines, lineOffset: range.lowerBound)
        // Leaf blocks do not overlap, so only the last one can still be open at the piece's last line.
        // A fence or HTML block open there may go on into the next piece, or end on a different line.
        var endsClosed = true
        if let last = blocks.last, last.endLine >= range.upperBound {
            switch last.kind {
            case .code(let code) where code.fenced: endsClosed = false
            case .html: endsClosed = false
            default: break
            }
        }
        return (blocks, endsClosed, true)
    }

    /// Walks the tree once, turning every leaf block into a `Block`.
    private static func collectBlocks(_ root: OpaquePointer, _ bytes: UnsafeBufferPointer<UInt8>, _ lines: SourceLines,
                                      lineOffset: Int) -> [Block] {
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        var blocks: [Block] = []
        var listDepth = 0
        // The paragraph or heading whose inlines are being read.
        var open: (kind: Block.Kind, line: Int, endLine: Int, links: [String], codeSpans: [String], inListItem: Bool)?
        var text: [UInt8] = []
        text.reserveCapacity(4096)

        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER

            switch type {
            case CMARK_NODE_ITEM:
                listDepth += entering ? 1 : -1
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                if entering {
                    let kind: Block.Kind = type == CMARK_NODE_HEADING
                        ? .heading(level: Int(cmark_node_get_heading_level(node))) : .paragraph
                    open = (kind, Int(cmark_node_get_start_line(node)) + lineOffset, Int(cmark_node_get_end_line(node)) + lineOffset,
                            [], [], listDepth > 0)
                    text.removeAll(keepingCapacity: true)
                } else if let block = open {
                    blocks.append(Block(kind: block.kind, line: block.line, endLine: block.endLine, text: trimmed(text),
                                        links: block.links, codeSpans: block.codeSpans, inListItem: block.inListItem))
                    open = nil
                }
            case CMARK_NODE_TEXT:
                appendLiteral(node, to: &text)
            case CMARK_NODE_CODE:
                let start = text.count
                appendLiteral(node, to: &text)
                open?.codeSpans.append(String(decoding: text[start...], as: UTF8.self))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text.append(0x20)
            case CMARK_NODE_LINK:
                if entering, let url = cmark_node_get_url(node) { open?.links.append(String(cString: url)) }
            case CMARK_NODE_CODE_BLOCK:
                let line = Int(cmark_node_get_start_line(node)) + lineOffset
                let endLine = Int(cmark_node_get_end_line(node)) + lineOffset
                let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
                let body = literal(node)
                let fence = fenceMarker(bytes, lines, line)
                let closed = fence.map { isClosingFence(bytes, lines, endLine, fence: $0) && endLine > line } ?? true
                let code = CodeBlock(info: info, literal: body, fenced: fence != nil, closed: closed)
                blocks.append(Block(kind: .code(code), line: line, endLine: endLine, text: body, inListItem: listDepth > 0))
            case CMARK_NODE_HTML_BLOCK:
                blocks.append(Block(kind: .html, line: Int(cmark_node_get_start_line(node)) + lineOffset,
                                    endLine: Int(cmark_node_get_end_line(node)) + lineOffset, text: literal(node),
                                    inListItem: listDepth > 0))
            default:
                break
            }
        }
        return blocks
    }

    /// The literal of a node; cmark returns NULL for node kinds without one.
    private static func literal(_ node: OpaquePointer) -> String {
        guard let pointer = cmark_node_get_literal(node) else { return "" }
        return String(cString: pointer)
    }

    private static func appendLiteral(_ node: OpaquePointer, to text: inout [UInt8]) {
        guard let pointer = cmark_node_get_literal(node) else { return }
        pointer.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
            var end = 0
            while bytes[end] != 0 { end += 1 }
            text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: end))
        }
    }

    /// `bytes` as text without leading and trailing spaces, tabs and newlines.
    private static func trimmed(_ bytes: [UInt8]) -> String {
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// The fence opening the block at `line` (its character and length), or nil for an indented block.
    private static func fenceMarker(_ bytes: UnsafeBufferPointer<UInt8>, _ lines: SourceLines, _ line: Int)
        -> (char: UInt8, length: Int)? {
        guard line >= 1, line <= lines.count else { return nil }
        let bounds = lines.bounds(line - 1)
        var i = bounds.lowerBound
        func skip(_ allowed: (UInt8) -> Bool) { while i < bounds.upperBound, allowed(bytes[i]) { i += 1 } }
        skip { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") }
        // Inside list items the fence follows the marker: "- ```bash", "1. ```".
        if i < bounds.upperBound, isListMarkerByte(bytes[i]) || isDigit(bytes[i]) {
            var j = i
            while j < bounds.upperBound, isDigit(bytes[j]) || isListMarkerByte(bytes[j]) || bytes[j] == UInt8(ascii: ".")
                    || bytes[j] == UInt8(ascii: ")") { j += 1 }
            if j < bounds.upperBound, bytes[j] == 0x20 { i = j; skip { $0 == 0x20 } }
        }
        return fence(bytes, at: i, before: bounds.upperBound)
    }

    private static func isClosingFence(_ bytes: UnsafeBufferPointer<UInt8>, _ lines: SourceLines, _ line: Int,
                                       fence: (char: UInt8, length: Int)) -> Bool {
        guard line >= 1, line <= lines.count else { return false }
        let bounds = lines.bounds(line - 1)
        func isPadding(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ">") }
        var start = bounds.lowerBound, end = bounds.upperBound
        while start < end, isPadding(bytes[start]) { start += 1 }
        while end > start, isPadding(bytes[end - 1]) { end -= 1 }
        return end - start >= fence.length && (start..<end).allSatisfy { bytes[$0] == fence.char }
    }

    /// True when the line is an ATX heading at the left margin (`# …` to `###### …`).
    private static func isATXHeading(_ bytes: UnsafeBufferPointer<UInt8>, _ bounds: Range<Int>) -> Bool {
        var i = bounds.lowerBound
        while i < bounds.upperBound, bytes[i] == UInt8(ascii: "#") { i += 1 }
        let level = i - bounds.lowerBound
        return level >= 1 && level <= 6 && (i == bounds.upperBound || bytes[i] == 0x20 || bytes[i] == 0x09)
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ bounds: Range<Int>) -> Bool {
        bounds.allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 }
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let a = needle.utf8Start[0], b = needle.utf8Start[1]
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == a, bytes[i + 1] == b { return true }
            i += 1
        }
        return false
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isListMarkerByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        let string = String(self)
        let utf8 = string.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        var last = utf8.index(before: utf8.endIndex)
        while isSpace(utf8[last]) { last = utf8.index(before: last) }
        if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return string }
        return String(string[first...last])
    }

    /// The text without leading and trailing characters from `set` (ASCII or not).
    func trimmingCharacters(in set: String) -> String {
        let string = String(self)
        let scalars = string.unicodeScalars
        let members = set.unicodeScalars
        guard let first = scalars.firstIndex(where: { !members.contains($0) }) else { return "" }
        var last = scalars.index(before: scalars.endIndex)
        while members.contains(scalars[last]) { last = scalars.index(before: last) }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// True when the first character that is not a space or tab is `byte` (no allocation).
    func startsAfterSpaces(with byte: UInt8) -> Bool {
        utf8.first { $0 != 0x20 && $0 != 0x09 } == byte
    }
}

