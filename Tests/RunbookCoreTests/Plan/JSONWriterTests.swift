import Foundation
import Testing
@testable import RunbookCore

/// The escaping `JSONWriter` had when it appended one byte at a time: the reference for its output.
private func referenceEscaped(_ value: String) -> [UInt8] {
    let hex = Array("0123456789abcdef".utf8)
    var output: [UInt8] = [34]
    for byte in value.utf8 {
        switch byte {
        case 34: output += [92, 34]
        case 92: output += [92, 92]
        case 0x0A: output += [92, UInt8(ascii: "n")]
        case 0x0D: output += [92, UInt8(ascii: "r")]
        case 0x09: output += [92, UInt8(ascii: "t")]
        case 0..<0x20, 0x7F: output += [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        default: output.append(byte)
        }
    }
    return output + [34]
}

/// `values` written as a compact JSON array, and read back.
private func roundTrip(_ values: [String]) throws -> (bytes: [UInt8], parsed: [String]) {
    var json = JSONWriter(pretty: false)
    json.array { json in for value in values { json.field(nil, value) } }
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.output)) as? [String])
    return (json.output, parsed)
}

/// `count` steps with every optional part of the contract present on some of them.
private func generatedSteps(_ count: Int) -> [Step] {
    (0..<count).map { n in
        var step = Step(
            id: "\(n / 10).\(n % 10)/1", section: "\(n / 10). Section \"\(n / 10)\" 部署", line: 10 * n + 3,
            lang: n % 3 == 0 ? "yaml" : "bash", kind: n % 3 == 0 ? .file : (n % 3 == 1 ? .script : .transcript),
            hosts: ["10.0.0.\(n % 250)", "local"], hostSource: n % 2 == 0 ? .comment : .prose,
            hostTags: (0..<(n % 3)).map { HostTag(host: "10.0.0.\($0)", source: .prose, line: n + $0, evidence: "在10.0.0.\($0)上\t执行") },
            commands: (0..<(n % 4)).map {
                Command(line: 10 * n + $0, host: $0 == 0 ? nil : "10.0.0.\($0)", text: "echo \"\(n)\" \\\n  && ls /mnt/\($0)",
                        expect: (0..<$0).map { "line \($0)\r" }, prompt: $0 == 2 ? "root@node:/# " : nil)
            },
            file: n % 3 == 0 ? FileSpec(destination: n % 2 == 0 ? "/etc/app-\(n).yaml" : nil, content: "key: \(n)\n\u{7}end",
                                        source: nil, destinationSource: n % 2 == 0 ? "annotation L\(n)" : nil) : nil,
            verify: VerifyPolicy(mode: "auto", attempts: 1 + n % 3, every: n % 2 == 0 ? 2 : 0.5, timeout: n % 5 == 0 ? 30 : nil,
                                 strict: n % 7 == 0, retryReason: n % 3 == 1 ? "heading \"1.3 服务验证\"" : nil),
            contentHash: String(repeating: "ab", count: 32))
        step.note = n % 11 == 0 ? "not run: language `text`" : nil
        return step
    }
}

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("every ASCII byte is escaped as before and reads back as itself")
    func asciiEscaping() throws {
        let values = (0...0x7F).map { String(UnicodeScalar(UInt8($0))) }
            + ["", "plain", "a\"b\\c\nd\re\tf\u{0}g\u{1F}h\u{7F}", "\"\"\\\\", "trailing\n", "\nleading"]
        let (bytes, parsed) = try roundTrip(values)
        #expect(parsed == values)
        #expect(bytes == [91] + Array(values.map(referenceEscaped).joined(separator: [44])) + [93])
    }

    @Test("multi-byte UTF-8 passes through unescaped", arguments: [
        "部署", "é and e\u{301}", "👍🏽 family 👨‍👩‍👧", "line\u{2028}separator", "mixed 在10.9.0.1上\n执行\t\"命令\"",
        String(repeating: "长文本 with ascii runs ", count: 500),
    ])
    func utf8(_ value: String) throws {
        let (bytes, parsed) = try roundTrip([value])
        #expect(parsed == [value])
        #expect(bytes == [91] + referenceEscaped(value) + [93])
    }

    @Test("numbers are written as String(_:) writes them")
    func numbers() throws {
        let ints = [0, 1, -1, 9, 10, 99, 100, 1_000_000, -987_654_321, Int.max, Int.min]
        let doubles = [0, 2, -3, 0.5, 1e15, 1e16, -2.25, 1e-7]
        var json = JSONWriter(pretty: false)
        json.array { json in
            for int in ints { json.field(nil, int) }
            for double in doubles { json.field(nil, double) }
        }
        let expected = ints.map(String.init) + doubles.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
        #expect(json.text == "[" + expected.joined(separator: ",") + "]")
    }

    @Test("pretty layout: two spaces a level, empty containers on one line")
    func prettyLayout() {
        var json = JSONWriter()
        json.object { json in
            json.field("name", "plan")
            json.field("none", nil as String?)
            json.array("empty") { _ in }
            json.object("nested") { json in
                json.field("count", 3)
                json.field("ok", true)
                json.array("deep") { json in
                    json.object { json in json.strings("list", ["a", "b"]) }
                    json.object { _ in }
                }
            }
            json.strings("last", [])
        }
        #expect(json.text == """
            {
              "name": "plan",
              "none": null,
              "empty": [],
              "nested": {
                "count": 3,
                "ok": true,
                "deep": [
                  {
                    "list": [
                      "a",
                      "b"
                    ]
                  },
                  {}
                ]
              },
              "last": []
            }
            """)
    }

    @Test("deep nesting indents past the precomputed spaces")
    func deepNesting() {
        var json = JSONWriter()
        func nest(_ level: Int, _ json: inout JSONWriter) {
            if level == 40 { json.field(nil, level) } else { json.array { json in nest(level + 1, &json) } }
        }
        nest(0, &json)
        let lines = json.text.split(separator: "\n")
        #expect(lines.count == 81)
        #expect(lines[40] == Substring(String(repeating: "  ", count: 40) + "40"))
        #expect(lines[80] == "]")
    }

    @Test("keys written as literals or as Strings come out the same, pretty or compact", arguments: [true, false])
    func literalAndStringKeys(pretty: Bool) {
        var literal = JSONWriter(pretty: pretty)
        literal.object { json in
            json.field("a", "one character, kept as a scalar")
            json.field("é", 2)
            json.field("", 0.5)
            json.field("键", true)
            json.field("none", nil as String?)
            json.strings("list", ["x", "y\n"])
            json.array("rows") { json in json.object { json in json.field("id", 7) } }
            json.object("nested") { _ in }
        }
        var runtime = JSONWriter(pretty: pretty)
        let keys = ["a", "é", "", "键", "none", "list", "rows", "id", "nested"]
        runtime.object { json in
            json.field(keys[0], "one character, kept as a scalar")
            json.field(keys[1], 2)
            json.field(keys[2], 0.5)
            json.field(keys[3], true)
            json.field(keys[4], nil as String?)
            json.strings(keys[5], ["x", "y\n"])
            json.array(keys[6]) { json in json.object { json in json.field(keys[7], 7) } }
            json.object(keys[8]) { _ in }
        }
        #expect(literal.text == runtime.text)
        #expect(literal.text.contains(pretty ? "\"a\": \"one" : "{\"a\":\"one"))
    }

    @Test("String keys are escaped like values")
    func escapedStringKeys() throws {
        let key = "quote \" backslash \\ newline \n bell \u{7}"
        var json = JSONWriter(pretty: false)
        json.object { json in json.field(key, key) }
        #expect(json.output == [123] + referenceEscaped(key) + [58] + referenceEscaped(key) + [125])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.output)) as? [String: String])
        #expect(parsed == [key: key])
    }

    @Test("a long output is kept in pieces, which join into what was written", arguments: [true, false])
    func longOutputInPieces(pretty: Bool) throws {
        let values = (0..<60_000).map { n in "value \(n) \"quoted\"\t" + String(repeating: "部署", count: n % 7) }
        var json = JSONWriter(pretty: pretty)
        json.object { json in
            json.array("values") { json in for value in values { json.field(nil, value) } }
            json.field("count", values.count)
        }
        let output = json.output
        let pieces = (consume json).finish()
        #expect(pieces.count > 1)
        #expect(Array(pieces.joined()) == output)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
        #expect(parsed["values"] as? [String] == values)
        #expect(parsed["count"] as? Int == values.count)
        if !pretty {
            let expected = Array("{\"values\":[".utf8) + Array(values.map(referenceEscaped).joined(separator: [44]))
                + Array("],\"count\":60000}".utf8)
            #expect(output == expected)
        }
    }

    @Test("elements read in place: all of them, or those in a range")
    func forEachInPlace() {
        let values = (0..<10).map { "v\($0)" }
        var all: [String] = []
        values.forEachInPlace { all.append(copy $0) }
        #expect(all == values)
        var some: [String] = []
        values.forEachInPlace(in: 3..<6) { some.append(copy $0) }
        #expect(some == Array(values[3..<6]))
        var none = 0
        ([] as [String]).forEachInPlace { _ in none += 1 }
        values.forEachInPlace(in: 4..<4) { _ in none += 1 }
        #expect(none == 0)
    }

    @Test("parts joined in order write what one writer writes, pretty or compact", arguments: [true, false])
    func parts(pretty: Bool) {
        func write(_ range: Range<Int>, _ json: inout JSONWriter) {
            for n in range { json.object { json in json.field("n", n); json.strings("s", ["\(n)"]) } }
        }
        var whole = JSONWriter(pretty: pretty)
        var joined = JSONWriter(pretty: pretty)
        whole.object { json in
            json.field("before", 1)
            json.array("items") { json in write(0..<7, &json) }
            json.field("after", 2)
        }
        joined.object { json in
            json.field("before", 1)
            json.array("items") { json in
                for range in [0..<3, 3..<3, 3..<4, 4..<7] {
                    var part = json.part()
                    write(range, &part)
                    json.append(part: part)
                }
            }
            json.field("after", 2)
        }
        #expect(joined.output == whole.output)
        let pieces = (consume joined).finish()
        #expect(pieces.count > 1 && Array(pieces.joined()) == whole.output)
    }

    @Test("steps rendered in parallel chunks are byte-identical to sequential rendering", arguments: [2, 3, 7, 8])
    func parallelSteps(chunks: Int) {
        let steps = generatedSteps(3_001)
        func render(_ chunks: Int) -> [UInt8] {
            var json = JSONWriter()
            json.object { json in
                json.array("steps") { json in PlanJSON.write(steps, &json, chunks: chunks) }
                json.field("after", true)
            }
            return json.output
        }
        #expect(render(chunks) == render(1))
    }

    @Test("a long plan renders in parallel, in pieces, into valid JSON with its steps in order")
    func longPlan() throws {
        let steps = generatedSteps(5_000)
        let runbook = Runbook(path: "big.md", sha256: String(repeating: "0", count: 64),
                              inventory: [InventoryHost(name: "node001", address: "10.0.0.1", role: "coord", line: 3)],
                              steps: steps, diagnostics: [])
        let bytes = PlanJSON.renderBytes(Planner.plan(runbook))
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(PlanJSON.render(Planner.plan(runbook)) == String(decoding: bytes, as: UTF8.self))
        let pieces = PlanJSON.renderPieces(Planner.plan(runbook))
        #expect(pieces.count > 2 && Array(pieces.joined()) == bytes)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let parsed = try #require(object["steps"] as? [[String: Any]])
        #expect(parsed.map { $0["line"] as? Int } == steps.map(\.line))
        #expect(object["diagnostics"] as? [Any] != nil)
    }
}
