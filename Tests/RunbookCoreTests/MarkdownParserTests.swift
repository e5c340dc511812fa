import Testing
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
