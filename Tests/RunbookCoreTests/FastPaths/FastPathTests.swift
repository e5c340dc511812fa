import Foundation
import Testing
import TestSupport
import Yams
@testable import RunbookCore

/// `plan` reads large guides by bytes where it once used regular expressions, `Character`s and
/// Yams; each fast path must answer exactly as the code it replaced, which these tests keep as the
/// reference and compare on seeded random and hand-picked input.
@Suite("fast paths agree with the code they replace")
struct FastPathTests {
    static func randomText(_ rng: inout SplitMix, from pieces: [String], count: Int) -> String {
        (0..<Int.random(in: 0...count, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    // MARK: Stated counts

    @Test("stated counts (共3个, all three, both) match the regular expression")
    func statedCounts() {
        let finder = HostFinder(inventory: [], subnet: nil)
        let pieces = ["共", "共 ", "3", "12", "三", "十二", "两", "个", "台", "节点", " ", "\u{3000}", "\u{A0}", "\t", "\n", "all",
                      "All", "ALL ", "three", "ten", "both", "Both", "ball", "a", "b", "，", "。", "１", "٣", "x", "on 10.0.0.1"]
        var rng = SplitMix(seed: 7)
        var nonEmpty = 0
        for _ in 0..<20_000 {
            let text = Self.randomText(&rng, from: pieces, count: 14)
            let expected = ChineseCountReader.statedCountsByExpression(text)
            if !expected.isEmpty { nonEmpty += 1 }
            #expect(finder.statedCounts(in: text) == expected, "\(text.debugDescription)")
        }
        #expect(nonEmpty > 1_000, "the random texts must state counts often (\(nonEmpty) did)")
        for text in ["在``29.16.21.73~29.16.21.74``共2个节点上", "共 3 台", "共三个 and all three, both", "共3三个", "共十二个节点"] {
            #expect(finder.statedCounts(in: text) == ChineseCountReader.statedCountsByExpression(text), "\(text)")
        }
    }

    // MARK: Words and lines

    @Test("the session analysis passes by only command texts in which scan finds nothing")
    func sessionGate() {
        var rng = SplitMix(seed: 13)
        let pieces = ["cd", " ", "/opt", "A=1", "--x=y", "=", "read", "for", "f", "in", "a", ";", "do", "done", "echo", "$X", "${Y}",
                      "abcd", "format", "already", "-", ".", "x.y=z", "&&", "\n", "B_2=", "'", "\"", "é=1", "cd-x", "export", "readonly", "local", "declare", "Z"]
        var passed = 0
        for _ in 0..<20_000 {
            let text = Self.randomText(&rng, from: pieces, count: 6)
            guard !ShellWords.mayMatter(text) else { continue }
            passed += 1
            let scan = ShellWords.scan(text)
            #expect(scan.uses.isEmpty && scan.sets.isEmpty && scan.cds.isEmpty, "\(text.debugDescription) → \(scan)")
        }
        #expect(passed > 1_000, "the gate must pass texts by (\(passed) did)")
    }

    @Test("ASCII section slugs by bytes are the Character rule's")
    func slugs() {
        var rng = SplitMix(seed: 12)
        let pieces = ["Step", " ", "-", "--", "3", ":", "A", "z", "_", ".", "(", ")", "Configure", "  ", "9x", "/", "#"]
        for _ in 0..<20_000 {
            let title = Self.randomText(&rng, from: pieces, count: 7)
            #expect(RunbookBuilder.slug(title) == RunbookBuilder.slugByCharacters(title), "\(title)")
        }
        #expect(RunbookBuilder.slug("Déploiement — étape 2") == RunbookBuilder.slugByCharacters("Déploiement — étape 2"))
    }

    @Test("byte word search matches a plain case-insensitive search")
    func byteWords() {
        let words = ["上传", "每", "all", "scp", "a", "smoke test"]
        let search = ByteWords(words)
        var rng = SplitMix(seed: 11)
        let pieces = ["上", "传", "每", "A", "l", "L", "s", "C", "p", " ", "smoke", "TEST", "é", "x"]
        var found = 0
        for _ in 0..<20_000 {
            let text = Self.randomText(&rng, from: pieces, count: 8)
            let expected = search.occurBySearch(in: text)
            if expected { found += 1 }
            #expect(search.occur(in: Array(text.utf8)) == expected, "\(text)")
        }
        #expect(found > 1_000 && found < 19_000, "both answers must be common (\(found) found)")
    }

    @Test("verification titles match the regular expression, case folding included")
    func verificationTitles() {
        var rng = SplitMix(seed: 13)
        let pieces = ["验证", "检查", "健康", "Verif", "CHECK", "health", "smoke test", "Smoke Test", "ſmoke", "teﬆ", "ﬁ", "veri",
                      "K", "chec\u{212A}", "ß", " ", "部署", "x", "1."]
        for _ in 0..<20_000 {
            let title = Self.randomText(&rng, from: pieces, count: 5)
            let ns = title as NSString
            let expected = RunbookBuilder.verificationHeading.firstMatch(in: title, range: NSRange(location: 0, length: ns.length)) != nil
            #expect(RunbookBuilder.isVerificationTitle(title) == expected, "\(title)")
        }
    }

    @Test("code block languages and lines read by bytes match reading by characters")
    func languagesAndLines() {
        var rng = SplitMix(seed: 17)
        let pieces = ["bash", "YAML", " ", "\t", "{", "file=x", "}", "é", "\u{301}", "\n", "\n\n", "x", "中"]
        for _ in 0..<20_000 {
            let text = Self.randomText(&rng, from: pieces, count: 8)
            let code = CodeBlock(info: text, literal: "", fenced: true, closed: true)
            let expected = String(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first ?? "").lowercased()
            #expect(code.language == expected, "\(text.debugDescription)")
            #expect(text.linesAtNewlines == text.linesBySplitting, "\(text.debugDescription)")
        }
    }

    @Test("section numbers read by bytes are the ones read by characters")
    func sectionNumbers() {
        var rng = SplitMix(seed: 37)
        let pieces = ["1", "2", "10", ".", " ", "部署", "\u{301}", "a", "\r\n", "\n", "\u{661}", "\u{FE0F}", "-"]
        for _ in 0..<20_000 {
            let title = Self.randomText(&rng, from: pieces, count: 6)
            let number = title.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            let trimmed = number.hasSuffix(".") ? number.dropLast() : number
            let expected = !trimmed.isEmpty && trimmed.first!.isNumber ? String(trimmed) : nil
            #expect(RunbookBuilder.sectionNumber(title) == expected, "\(title.debugDescription)")
        }
    }

    @Test("the rule-run test probing every fifth byte finds what a byte-by-byte scan finds")
    func ruleRuns() {
        var rng = SplitMix(seed: 23)
        let pieces = ["-", "=", "--", "==", "-=-", "+", " ", "a", "中", "\n", "-----", "|"]
        for _ in 0..<20_000 {
            let text = Self.randomText(&rng, from: pieces, count: 16)
            #expect(InventoryTable.hasRuleRun(text) == RuleRunProbe.occursByScan(text), "\(text.debugDescription)")
        }
    }

    @Test("sentences read from around two offsets are the sentences read from the start, cut to those offsets")
    func sentencesFromOffsets() {
        var rng = SplitMix(seed: 29)
        let pieces = [".", ". ", ".\n", "。", "！", "？", "；", ";", "!", "?", "a", " ", "1.2", "中", "é", "\u{FF01}", "\u{3002}", "…", "x.y"]
        for _ in 0..<20_000 {
            let bytes = Array(Self.randomText(&rng, from: pieces, count: 14).utf8)
            let all = SentenceReader.rangesFromStart(bytes)
            #expect(BlockFacts.sentenceRanges(bytes) == all)
            guard !bytes.isEmpty else { continue }
            let first = Int.random(in: 0..<bytes.count, using: &rng)
            let last = Int.random(in: first..<bytes.count, using: &rng)
            let expected = all.filter { $0.upperBound > first && $0.lowerBound <= last }
            #expect(BlockFacts.sentenceRanges(bytes, from: first, through: last) == expected,
                    "\(String(decoding: bytes, as: UTF8.self).debugDescription) from \(first) through \(last)")
        }
    }

    // MARK: YAML

    @Test("YAML the quick look accepts, Yams accepts too; what it refuses is left to Yams")
    func yaml() throws {
        var rng = SplitMix(seed: 19)
        let pieces = ["a: 1\n", "a: 2\n", "b:\n", "  c: 3\n", "  c: 4\n", "- x\n", "- y: 1\n", "  y: 2\n", "? [k]\n", ": v\n",
                      "&anchor d: 5\n", "e: *anchor\n", "---\n", "...\n", "f: [1, 2\n", "g: {h: 1, h: 2}\n", "i: 'quoted'\n",
                      "\"a\": 3\n", "j: |\n  text\n", "\t", "k: : :\n", "l: \"open\n", "# comment\n", "m: !!str 1\n"]
        var accepted = 0, refused = 0
        for _ in 0..<5_000 {
            let text = Self.randomText(&rng, from: pieces, count: 8)
            if YAMLSyntax.isPlainlyValid(text) {
                accepted += 1
                var documents = try Yams.compose_all(yaml: text, .basic, .default, .utf8)
                while documents.next() != nil {}
                #expect(documents.error == nil, "\(text)")
            } else {
                refused += 1
            }
        }
        #expect(accepted > 500 && refused > 500, "both answers must be common (\(accepted) accepted, \(refused) refused)")
        // Duplicate keys are refused by the quick look, and Yams then explains them.
        #expect(!YAMLSyntax.isPlainlyValid("a: 1\nb:\n  c: 1\n  c: 2\n"))
        let repeated = BlockFacts.yamlError("a: 1\nb:\n  c: 1\n  c: 2\n", firstLine: 10)
        #expect(repeated?.message == "yaml block does not parse: a mapping repeats the key `c`")
        #expect(repeated?.line == 12, "the line of the key's first use")
        let newline = BlockFacts.yamlError("\"a\\nb\": 1\n\"a\\nb\": 2\n", firstLine: 1)
        #expect(newline?.message == "yaml block does not parse: a mapping repeats the key `a\\nb`", "one line, the key escaped")
        // libyaml refuses nesting past 1,000 levels: the quick check must leave that to it.
        let deep = (0..<1_000).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
        #expect(!YAMLSyntax.isSimpleMapping(deep))
        #expect(BlockFacts.yamlError(deep, firstLine: 1) != nil)
        #expect(YAMLSyntax.isPlainlyValid("a: 1\nb:\n  a: 1\n---\na: 1\n"), "the same key in another mapping or document is fine")
    }

    @Test("YAML the simple-mapping check accepts, libyaml reads plainly too; it accepts the usual config")
    func simpleYAML() {
        var rng = SplitMix(seed: 31)
        // Mostly what the check accepts, with a sprinkle of what it must not.
        let keys = (["a", "b", "c_d", "e.f", "g-h", "KEY1", "y", "on"], ["-x", "1a", ".k", "a b", "a#", "&a", "*a", "<<", "x\u{E9}", "? a"])
        let values = (["", "", " 1", " v", " value 2", " /mnt/data", " 8080", " true", " a-b.c"],
                      [" a  b", " -1", " .5", " x:y", " x #c", " 'q'", " [1]", " {a: 1}", " |", " >", " ~", " @x", " `x`", " x ", " a:",
                       " %x", " !x", " \"s\"", " - x", "  y", " *a"])
        let indents = (["", "", "  ", "  ", "    "], [" ", "\t", "   ", "      "])
        func pick(_ choices: ([String], [String]), _ rng: inout SplitMix) -> String {
            Int.random(in: 0..<10, using: &rng) == 0 ? choices.1.randomElement(using: &rng)! : choices.0.randomElement(using: &rng)!
        }
        var accepted = 0
        for _ in 0..<30_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                text += pick(indents, &rng) + pick(keys, &rng) + ":" + pick(values, &rng)
                text += Int.random(in: 0..<8, using: &rng) == 0 ? "\n\n" : "\n"
            }
            if Int.random(in: 0..<4, using: &rng) == 0 { text.removeLast() }
            if YAMLSyntax.isSimpleMapping(text) {
                accepted += 1
                #expect(YAMLSyntax.readsPlainly(text), "\(text.debugDescription)")
            }
        }
        #expect(accepted > 2_000, "the check must accept a good share (\(accepted))")
        #expect(YAMLSyntax.isSimpleMapping("service:\n  name: app\n  port: 8080\n  env:\n    KEY0: value0\n"))
        #expect(!YAMLSyntax.isSimpleMapping("a: 1\na: 2\n"), "a repeated key goes to libyaml, then Yams")
        #expect(!YAMLSyntax.isSimpleMapping("a:\n    b: 1\n  c: 2\n"), "a dedent to no open level")
    }
}
