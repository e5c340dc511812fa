import Testing
@testable import RunbookCore

/// The host rules of SPEC section 2, strongest first (HostRules.precedence): one block that every
/// rule has something to say about, with the stronger evidence taken away one rule at a time.
@Suite("host rules: the precedence ladder")
struct HostRuleTests {
    static let table = """
    | hostname | IP地址 | 角色 |
    |---|---|---|
    | node1 | 10.0.0.11 | master |
    | node2 | 10.0.0.12 | worker |

    """

    /// A guide whose one shell block may carry an annotation, a segment comment and a prompt, under
    /// prose that names 10.0.0.30.
    static func guide(annotation: Bool, comment: Bool, prompt: Bool, prose: Bool) -> String {
        var text = "# Deploy\n\n" + table + "\n## Start\n\n"
        if prose { text += "On 10.0.0.30 run:\n\n" }
        if annotation { text += "<!-- runbook: hosts=10.0.0.40 -->\n" }
        text += "```bash\n"
        if comment { text += "# on 10.0.0.50\n" }
        text += prompt ? "[root@node2 ~]# systemctl start app\n" : "systemctl start app\n"
        return text + "```\n"
    }

    static let ladder: [(annotation: Bool, comment: Bool, prompt: Bool, prose: Bool, hosts: [String], source: HostSource)] = [
        (true, true, true, true, ["10.0.0.40"], .annotation),
        (false, true, false, true, ["10.0.0.50"], .comment),
        (false, false, true, true, ["10.0.0.12"], .prompt),
        (false, false, false, true, ["10.0.0.30"], .prose),
        // The guide's table names other machines: nothing saying where is no reason to run locally.
        (false, false, false, false, [], .unresolved),
    ]

    @Test("the strongest rule present decides; the weaker evidence stays beside it", arguments: 0..<ladder.count)
    func strongestDecides(_ index: Int) {
        let rung = Self.ladder[index]
        let runbook = plan(Self.guide(annotation: rung.annotation, comment: rung.comment, prompt: rung.prompt, prose: rung.prose))
        let step = runbook.steps.first { $0.runs }
        #expect(step?.hosts == rung.hosts)
        #expect(step?.hostSource == rung.source)
        if rung.prose && rung.source != .prose && rung.source != .annotation {
            #expect(step?.hostTags.contains { $0.source == .prose && $0.host == "10.0.0.30" } == true, "prose kept as evidence")
        }
    }

    @Test("the precedence list names each rule once, in SPEC section 2's order, ending with the control machine")
    func order() {
        let names = HostRules.precedence.map { String(describing: type(of: $0)) }
        #expect(names == ["AnnotationHostRule", "SegmentCommentRule", "PromptHostRule", "OnNameRule", "ProseHostRule", "LocalWordsRule",
                          "HeadingRule", "AfterBlocksRule", "SectionScopeRule", "DocumentScopeRule", "ControlMachineRule"])
    }
}
