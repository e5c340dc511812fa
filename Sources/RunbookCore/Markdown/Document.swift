/// A Markdown file as a flat list of Swift values, each with its 1-based source line.
///
/// Produced once from libcmark's tree (see `MarkdownParser`); nothing downstream sees C.
public struct Document: Sendable, Equatable {
    /// The blocks in source order. Containers (lists, quotes) are flattened; a block inside a
    /// list item has `inListItem` set.
    public var blocks: [Block]
    /// The source split into lines (without terminators), for rules that must read raw text.
    public var lines: [Substring]

    public init(blocks: [Block], lines: [Substring]) {
        self.blocks = blocks
        self.lines = lines
    }
}

/// One block-level element of a Markdown document.
public struct Block: Sendable, Equatable {
    /// What kind of element this is and what it holds.
    public enum Kind: Sendable, Equatable {
        case heading(level: Int)
        case paragraph
        case code(CodeBlock)
        case html
    }

    public var kind: Kind
    /// First source line (1-based).
    public var line: Int
    /// Last source line (1-based).
    public var endLine: Int
    /// Plain text: inline code kept without backticks, soft breaks as spaces. For HTML and code, the literal.
    public var text: String
    /// Link destinations inside the block (paragraphs, headings), in order.
    public var links: [String]
    /// Inline code spans inside the block, in order (`milvus.yaml`, `/home/dcos`).
    public var codeSpans: [String]
    /// True when the block sits inside a list item.
    public var inListItem: Bool

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
        String(info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first ?? "").lowercased()
    }

    public init(info: String, literal: String, fenced: Bool, closed: Bool) {
        self.info = info
        self.literal = literal
        self.fenced = fenced
        self.closed = closed
    }
}
