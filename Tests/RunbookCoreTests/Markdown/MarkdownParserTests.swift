import Testing
import TestSupport
@testable import RunbookCore

@Suite("Markdown → Document")
struct MarkdownParserTests {
    @Test("code blocks keep info, line, fence and closure")
    func codeBlocks() {
        let doc = MarkdownParser.parse("# T\n\ntext `code` [l](./a.yaml)\n\n```bash x=1\necho hi\n```\n\n    indented\n\n~~~yaml\nk: v\n")
        let codes = doc.blocks.compactMap { block -> (Block, CodeBlock)? in
            if case .code(let c) = block.kind { return (block, c) } else { return nil }
        }
        #expect(codes.count == 3)
        #expect(codes[0].1.info == "bash x=1" && codes[0].1.language == "bash" && codes[0].0.line == 5)
        #expect(codes[0].1.fenced && codes[0].1.closed)
        #expect(!codes[1].1.fenced)
        #expect(codes[2].1.fenced && !codes[2].1.closed)
        let paragraph = doc.blocks.first { $0.kind == .paragraph }
        #expect(paragraph?.links == ["./a.yaml"])
        #expect(paragraph?.codeSpans == ["code"])
    }
}

/// A large guide is parsed in pieces in parallel; the pieces must give exactly what one parse gives,
/// whatever sits at the cuts (open fences and HTML blocks, lists, quotes, reference links).
@Suite("parsing in pieces")
struct PieceParsingTests {
    static let fragments = [
        "# Title\n", "## 1. 部署\n", "\n", "\n", "\n", "text on 10.0.0.1 with `code` and [a link](./a.yaml)\n",
        "```bash\necho hi\n```\n", "```bash\n# 在10.0.0.2上执行\nls\n", "~~~yaml\nk: v\n~~~\n", "```\n", "~~~\n",
        "- item\n", "- ```bash\n  ls\n", "  ```\n", "1. step\n\n   ```sh\n   pwd\n   ```\n", "> quoted\n", "> ```\n",
        "<!-- runbook: hosts=10.0.0.1 -->\n", "<!--\n", "-->\n", "<div>\n", "</div>\n", "<pre>\n", "</pre>\n",
        "    indented code\n", "Setext\n---\n", "| ip | role |\n|---|---|\n| 10.0.0.1 | a |\n", "#not a heading\n",
        "###### six\n", "####### seven\n", "\r\n", "line\r", "中文段落。\n",
    ]

    func randomGuide(_ rng: inout SplitMix, fragments count: Int) -> String {
        (0..<count).map { _ in Self.fragments.randomElement(using: &rng)! }.joined()
    }

    @Test("random guides: pieces give the same document as one parse")
    func randomGuides() {
        var rng = SplitMix(seed: 2026)
        var split = 0
        for round in 0..<400 {
            let guide = randomGuide(&rng, fragments: 40 + round % 200)
            let whole = MarkdownParser.parse(guide, pieceSize: .max)
            let pieces = MarkdownParser.parse(guide, pieceSize: 64)
            #expect(pieces == whole, "round \(round):\n\(guide)")
            let lines = SourceLines(guide)
            var text = guide
            let cuts = text.withUTF8 { MarkdownParser.cutLines($0, lines, pieceSize: 64) }
            if MarkdownParser.parseInPieces(lines, cuts: cuts) != nil { split += 1 }
        }
        #expect(split > 40, "the random guides must actually be read in pieces (\(split) were)")
    }

    @Test("a guide with reference links is parsed whole, so its links resolve")
    func referenceLinks() {
        let guide = "[cfg]: ./conf.yaml\n\n" + (0..<200).map { "# S\($0)\n\nsee [the file][cfg]\n\n" }.joined()
        let pieces = MarkdownParser.parse(guide, pieceSize: 64)
        #expect(pieces == MarkdownParser.parse(guide, pieceSize: .max))
        #expect(pieces.blocks.last?.links == ["./conf.yaml"])
    }

    @Test("a fence left open across a cut is read as cmark reads it")
    func openFenceAcrossCut() {
        let guide = (0..<100).map { "# S\($0)\n\ntext\n\n" }.joined() + "```bash\nls\n\n" + (0..<100).map { "# T\($0)\n\n" }.joined()
        let pieces = MarkdownParser.parse(guide, pieceSize: 64)
        #expect(pieces == MarkdownParser.parse(guide, pieceSize: .max))
        #expect(pieces.blocks.filter { $0.kind == .heading(level: 1) }.count == 100, "the T headings are inside the open fence")
        // A cut at a heading line inside the open fence (one the quick look at fences would not choose) is refused.
        let lines = SourceLines(guide)
        let inside = (0..<lines.count).last { lines[$0].hasPrefix("# T") }!
        #expect(MarkdownParser.parseInPieces(lines, cuts: [0, inside, lines.count]) == nil)
        #expect(MarkdownParser.parseInPieces(lines, cuts: [0, 4, lines.count]) != nil, "a cut at a real heading is kept")
    }
}
