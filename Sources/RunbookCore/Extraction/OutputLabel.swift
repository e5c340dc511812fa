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

    /// True when `text` (one short paragraph) labels the block after it as output.
    static func labels(_ text: String) -> Bool {
        guard text.utf8.count <= 120 else { return false }
        let ns = text as NSString
        return form.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) != nil
    }
}
