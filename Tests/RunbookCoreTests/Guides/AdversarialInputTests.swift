import Testing
import TestSupport
@testable import RunbookCore

/// Bad Markdown never crashes: every input ends in a plan (possibly with diagnostics).
@Suite("adversarial and random guides")
struct AdversarialInputTests {
    /// Builds a runbook and checks the invariants every plan keeps, whatever the input.
    func checkInvariants(_ bytes: [UInt8], _ label: String) {
        let runbook = RunbookBuilder.build(path: "fuzz.md", bytes: bytes)
        let lineCount = SourceLines(String(decoding: bytes, as: UTF8.self)).count + 1
        #expect(runbook.sha256.count == 64, "\(label)")
        #expect(Set(runbook.steps.map(\.id)).count == runbook.steps.count, "\(label): step ids must be unique")
        for step in runbook.steps {
            #expect(step.line >= 1 && step.line <= lineCount, "\(label): step line \(step.line) out of range")
            #expect(!step.runs || !step.hosts.isEmpty, "\(label): a step that runs has hosts")
        }
        for diagnostic in runbook.diagnostics {
            #expect(diagnostic.line >= 1 && diagnostic.line <= lineCount + 1 && !diagnostic.hint.isEmpty, "\(label)")
        }
        _ = PlanJSON.render(Planner.plan(runbook))
        _ = PlanRenderer(color: false).render(Planner.plan(runbook))
    }

    static let cases: [(String, [UInt8])] = [
        ("unterminated fence", Array("# T\n\n```bash\necho hi\n".utf8)),
        ("unterminated tilde fence in a list", Array("- item\n\n  ~~~sh\n  ls\n".utf8)),
        ("deep nesting", Array((String(repeating: "> ", count: 200) + "- " + String(repeating: "[", count: 5000) + "\n```bash\nls\n```\n").utf8)),
        ("deep lists", Array((0..<500).map { String(repeating: "  ", count: $0) + "- x\n" }.joined().utf8)),
        ("invalid UTF-8", [0x23, 0x20, 0xFF, 0xFE, 0x0A, 0x60, 0x60, 0x60, 0x62, 0x61, 0x73, 0x68, 0x0A, 0xC3, 0x28, 0x0A, 0x60, 0x60, 0x60, 0x0A]),
        ("NUL bytes", Array("On 10.0.0.1\u{0}:\n\n```bash\necho \u{0}a\n```\n".utf8)),
        ("CRLF", Array("# T\r\n\r\nOn 10.0.0.1:\r\n\r\n```bash\r\n# on 10.0.0.2\r\necho a\r\n```\r\n".utf8)),
        ("lone CR", Array("# T\rOn 10.0.0.1:\r\r```bash\recho a\r```\r".utf8)),
        ("empty", []),
        ("only fences", Array(String(repeating: "```\n", count: 1001).utf8)),
        ("huge address-like numbers", Array("On 999.999.999.999 ~ 1.2.3.4 and 1.2.3.[9:1] and 1.2.3.4-0 and 80、81、999节点:\n\n```bash\nls\n```\n".utf8)),
        ("annotation garbage", Array("<!-- runbook: hosts= retry=-1 every=x timeout= verify=maybe -->\n```bash\nls\n```\n<!-- runbook:\n".utf8)),
        ("broken tables", Array("```\n=====\nhostname ip role\n-----\na\nb 1.2.3.4\n=====\n```\n| ip | host |\n|--|\n| x |\n".utf8)),
        ("prompt storm", Array((0..<2000).map { "root@h\($0):/# echo \($0)\n" }.joined().utf8).wrappedInFence("console")),
        ("unclosed heredoc and quotes", Array("```bash\ncat <<EOF\nno end\necho 'open\nfor x in; do\n```\n".utf8)),
    ]

    @Test("adversarial inputs end in a plan", arguments: cases.map(\.0))
    func adversarialInput(name: String) {
        let bytes = Self.cases.first { $0.0 == name }!.1
        checkInvariants(bytes, name)
    }

    @Test("invalid UTF-8 reads as its Swift decoding: a U+FFFD per bad sequence, nothing after it dropped")
    func invalidUTF8() {
        // A four-byte lead cut short, a stray continuation byte, an overlong form: in a command, in prose.
        let bytes = Array("On 10.0.0.5:\n\n```bash\necho ".utf8) + [0xF0] + Array("ab\necho x".utf8) + [0x80] + Array("y\n```\n\nok ".utf8)
            + [0xC0, 0xAF] + Array(" end\n".utf8)
        let raw = RunbookBuilder.build(path: "g.md", bytes: bytes)
        let decoded = RunbookBuilder.build(path: "g.md", bytes: Array(String(decoding: bytes, as: UTF8.self).utf8))
        #expect(raw.steps.first?.commands.map(\.text) == ["echo \u{FFFD}ab", "echo x\u{FFFD}y"])
        #expect(raw.steps.map(\.commands) == decoded.steps.map(\.commands))
        #expect(MarkdownParser.parse(bytes).blocks == MarkdownParser.parse(String(decoding: bytes, as: UTF8.self)).blocks)
    }

    @Test("the unterminated fence is reported, not run")
    func unterminatedReported() {
        let runbook = RunbookBuilder.build(path: "f.md", bytes: Self.cases[0].1)
        #expect(runbook.diagnostics.contains { $0.code == .unterminatedFence })
        #expect(!runbook.steps.contains { $0.runs })
    }

    @Test("random Markdown made of guide-like pieces never crashes", arguments: 0..<40)
    func random(seed: Int) {
        var rng = SplitMix(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        let pieces = ["# ", "## 1.2 ", "```", "```bash\n", "```yaml\n", "```python\n", "~~~", "    ", "- ", "1. ", "> ",
                      "<!-- runbook: hosts=10.0.0.1~3 -->", "<!--", "-->", "在29.16.21.73~74上执行", "共3个节点", "80节点", "上传到",
                      "[x](./a.yaml)", "``milvus.yaml``", "root@rootcoord:/milvus# ", "$ ", "# 1. 在10.0.0.5上执行如下命令",
                      "=====", "hostname ip role", "| ip | host |", "|---|---|", "\\", "<<EOF", "EOF", "'", "\"", "\t", "\r\n", "\n", "\n\n",
                      "中文", "🚀", "\u{0}", "…", "...", "HTTP/1.1 200 OK", "key: [", ": :"]
        var bytes: [UInt8] = []
        for _ in 0..<(50 + Int(rng.next() % 400)) {
            if rng.next() % 10 == 0 {
                bytes.append(UInt8(truncatingIfNeeded: rng.next()))
            } else {
                bytes += Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8)
            }
        }
        checkInvariants(bytes, "seed \(seed)")
    }

    @Test("a 50 MB guide and a 100k-line block are read")
    func large() {
        var big = "# Big\n\nOn 10.0.0.1:\n\n```bash\n"
        big += String(repeating: "echo line\n", count: 100_000)
        big += "```\n\n"
        // Then 50 MB in a log excerpt, as guides paste them, and a closing paragraph.
        big += "```text\n" + String(repeating: "2023-09-21 08:07:43 INFO some log line from 10.0.0.2 with details\n", count: 50 * 1024 * 1024 / 66) + "```\n\nDone on 80节点.\n"
        let runbook = RunbookBuilder.build(path: "big.md", bytes: Array(big.utf8))
        #expect(big.utf8.count >= 50_000_000)
        #expect(runbook.steps.map(\.kind) == [.script, .skipped])
        #expect(runbook.steps[0].commands.count == 100_000 && runbook.steps[0].hosts == ["10.0.0.1"])
        #expect(runbook.steps[1].note == "not run: language `text`")
    }
}

extension Array where Element == UInt8 {
    func wrappedInFence(_ language: String) -> [UInt8] { Array("```\(language)\n".utf8) + self + Array("```\n".utf8) }
}
