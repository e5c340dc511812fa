import Foundation

/// Prose that says the next block is what a command prints: "> output", "Output:", "Example
/// output:", "You should see something like:", "输出如下：", "预期输出", "返回结果如下".
enum OutputLabel {
    static let words = ByteWords(["output", "you should see", "should look like", "should return", "should print", "returns",
                                  "result", "response", "输出", "结果", "返回", "显示如下", "如下所示"])

    private static let form = try! NSRegularExpression(pattern: #"""
        (?ix)^\s*(?:>\s*)?(?:
            (?:the\s+|example\s+|sample\s+|expected\s+|typical\s+|command\s+)?(?:output|result|results|response)
                (?:\s+(?:is|looks|will\s+be|should\s+be|similar\s+to|like|of\s+the\s+command))*(?:\s+(?:like|similar\s+to\s+this|this|as\s+follows))?
          | (?:and\s+|then\s+)?you\s+should\s+(?:see|get)(?:\s+(?:something|output|a\s+result|an\s+output))?(?:\s+(?:like|similar\s+to)(?:\s+(?:this|the\s+following))?)?
          | (?:it|this|the\s+command)\s+(?:should\s+)?(?:returns?|prints?|outputs?|shows?)(?:\s+(?:something\s+)?like)?(?:\s+(?:this|the\s+following))?
          | .{0,12}?(?:输出|预期输出|预期结果|执行结果|返回结果|返回|结果|显示)(?:信息)?(?:如下|为|类似于|类似)?(?:所示)?
        )\s*[:：.。]?\s*$
        """#)

    private static let aside = try! NSRegularExpression(pattern: #"[（(][^（()）]*[）)]"#)

    /// True when the paragraph's bytes end with `:` or `：`: only a bare label ("> output", "预期输出")
    /// is short enough to need no colon.
    static func endsWithColon(_ bytes: [UInt8]) -> Bool {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A { end -= 1 }
        return end > 0 && bytes[end - 1] == UInt8(ascii: ":") || end >= 3 && Array(bytes[(end - 3)..<end]) == [0xEF, 0xBC, 0x9A]
    }

    /// True when `text` (a paragraph) labels the block after it as output: the paragraph is a
    /// label, or ends with one ("…keep the token. You should see:", "输出如下（其中一台为 leader）：").
    static func labels(_ text: String) -> Bool {
        var last = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // An aside in brackets says nothing about what the block is.
        if last.contains("(") || last.contains("（") {
            last = aside.stringByReplacingMatches(in: last, range: NSRange(location: 0, length: (last as NSString).length), withTemplate: "")
        }
        if let end = last.dropLast().lastIndex(where: { ".。!！?？;；".contains($0) }) {
            last = String(last[last.index(after: end)...])
        }
        guard last.utf8.count <= 120 else { return false }
        let ns = last as NSString
        return form.firstMatch(in: last, range: NSRange(location: 0, length: ns.length)) != nil
    }
}
