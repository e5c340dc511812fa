internal import CCmark

/// Turns Markdown text into a `Document` with libcmark, freeing the C tree before returning.
public enum MarkdownParser {
    /// Parses `source` (any bytes already decoded as UTF-8; invalid bytes are U+FFFD).
    public static func parse(_ source: String) -> Document {
        var source = source
        let lines = splitLines(source)
        let blocks: [Block] = source.withUTF8 { buffer in
            let root = buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count,
                                     CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8)
            }
            guard let root else { return [] }
            defer { cmark_node_free(root) }
            return collectBlocks(root, lines: lines)
        }
        return Document(blocks: blocks, lines: lines)
    }

    /// Splits on LF, CRLF or CR, like cmark does, so that line numbers agree with its source positions.
    static func splitLines(_ source: String) -> [Substring] {
        var result: [Substring] = []
        var start = source.startIndex
        var index = start
        let utf8 = source.utf8
        while index < source.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                result.append(source[start..<index])
                var next = utf8.index(after: index)
                if byte == 0x0D, next < source.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                index = next
                start = next
            } else {
                index = utf8.index(after: index)
            }
        }
        if start < source.endIndex { result.append(source[start..<source.endIndex]) }
        return result
    }

    /// Walks the tree once, turning every leaf block into a `Block`.
    private static func collectBlocks(_ root: OpaquePointer, lines: [Substring]) -> [Block] {
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        var blocks: [Block] = []
        var listDepth = 0
        var open: Block?            // the paragraph or heading whose inlines are being read
        var text = ""
        var linkDepth = 0

        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            let line = Int(cmark_node_get_start_line(node))
            let endLine = Int(cmark_node_get_end_line(node))

            switch type {
            case CMARK_NODE_ITEM:
                listDepth += entering ? 1 : -1
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                if entering {
                    let kind: Block.Kind = type == CMARK_NODE_HEADING
                        ? .heading(level: Int(cmark_node_get_heading_level(node))) : .paragraph
                    open = Block(kind: kind, line: line, endLine: endLine, text: "", inListItem: listDepth > 0)
                    text = ""
                } else if var block = open {
                    block.text = text.trimmingSpaces()
                    blocks.append(block)
                    open = nil
                }
            case CMARK_NODE_TEXT, CMARK_NODE_HTML_INLINE:
                if type == CMARK_NODE_TEXT { text += literal(node) }
            case CMARK_NODE_CODE:
                let code = literal(node)
                text += code
                open?.codeSpans.append(code)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            case CMARK_NODE_LINK:
                if entering {
                    linkDepth += 1
                    if let url = cmark_node_get_url(node) { open?.links.append(String(cString: url)) }
                } else {
                    linkDepth -= 1
                }
            case CMARK_NODE_CODE_BLOCK:
                let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
                let body = literal(node)
                let fence = fenceMarker(lines, line)
                let closed = fence.map { isClosingFence(lines, endLine, opening: $0) && endLine > line } ?? true
                let code = CodeBlock(info: info, literal: body, fenced: fence != nil, closed: closed)
                blocks.append(Block(kind: .code(code), line: line, endLine: endLine, text: body,
                                    inListItem: listDepth > 0))
            case CMARK_NODE_HTML_BLOCK:
                let body = literal(node)
                blocks.append(Block(kind: .html, line: line, endLine: endLine, text: body,
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

    /// The fence run (```` ``` ```` or `~~~`…) opening the block at `line`, or nil for an indented block.
    private static func fenceMarker(_ lines: [Substring], _ line: Int) -> Substring? {
        guard line >= 1, line <= lines.count else { return nil }
        var text = lines[line - 1].drop(while: { $0 == " " || $0 == "\t" || $0 == ">" })
        // Inside list items the fence follows the marker: "- ```bash", "1. ```".
        if let first = text.first, "-*+".contains(first) || first.isNumber {
            let afterMarker = text.drop(while: { $0.isNumber || "-*+.)".contains($0) })
            if afterMarker.first == " " { text = afterMarker.drop(while: { $0 == " " }) }
        }
        guard let char = text.first, char == "`" || char == "~" else { return nil }
        let run = text.prefix(while: { $0 == char })
        return run.count >= 3 ? run : nil
    }

    private static func isClosingFence(_ lines: [Substring], _ line: Int, opening: Substring) -> Bool {
        guard line >= 1, line <= lines.count, let char = opening.first else { return false }
        let text = lines[line - 1].trimmingCharacters(in: " \t>")
        return text.count >= opening.count && text.allSatisfy { $0 == char }
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

    /// True when the UTF-8 bytes contain `needle` (a cheap pre-filter before regular expressions).
    func containsBytes(_ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let head = n.first else { return true }
        let bytes = Array(utf8)
        guard bytes.count >= n.count else { return false }
        var i = 0
        while i <= bytes.count - n.count {
            if bytes[i] == head, Array(bytes[i..<(i + n.count)]) == n { return true }
            i += 1
        }
        return false
    }
}
