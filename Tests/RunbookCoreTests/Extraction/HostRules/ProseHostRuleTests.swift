import Testing
@testable import RunbookCore

/// Host rule 4: the nearest prose of the section that names hosts: addresses, ranges, lists, stated counts.
@Suite("host rule 4: the prose that names hosts")
struct ProseHostRuleTests {
    @Test("English prose: a single address and a spaced range with a stated count")
    func englishProse() {
        let runbook = plan("""
        # Redis

        On 10.0.0.5, run:

        ```bash
        apt-get install -y redis
        ```

        Then on all three members (10.0.0.1 - 10.0.0.3):

        ```sh
        systemctl restart redis
        ```
        """)
        #expect(runbook.steps.map(\.hosts) == [["10.0.0.5"], ["10.0.0.1", "10.0.0.2", "10.0.0.3"]])
        #expect(runbook.steps.allSatisfy { $0.hostSource == .prose })
        #expect(!runbook.diagnostics.contains { $0.code == .hostCountMismatch })
    }

    @Test("a stated count that disagrees with the range is an error")
    func countMismatch() {
        let runbook = plan("在``29.16.21.73~29.16.21.74``共3个节点上分别执行如下操作：\n\n```bash\nls\n```\n")
        let diagnostic = runbook.diagnostics.first { $0.code == .hostCountMismatch }
        #expect(diagnostic?.severity == .error && diagnostic?.line == 1)
    }

    @Test("enumerations with 、 and “and”")
    func enumerations() {
        let runbook = plan("""
        在10.2.0.1、10.2.0.2和10.2.0.3上执行：

        ```bash
        uptime
        ```

        Run this on 10.3.0.1 and 10.3.0.2:

        ```bash
        uptime
        ```
        """)
        #expect(runbook.steps.map(\.hosts) == [["10.2.0.1", "10.2.0.2", "10.2.0.3"], ["10.3.0.1", "10.3.0.2"]])
    }
}
