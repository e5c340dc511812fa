import Testing
@testable import RunbookCore

/// Host rule 2: host comments inside a shell block split it into per-host segments.
@Suite("host rule 2: host comments split a shell block")
struct SegmentCommentRuleTests {
    @Test("segment comments: `# 192.168.1.5`, `# on node1`, `# node2:` ; prose comments are not segments")
    func segmentComments() {
        let runbook = plan("""
        | host | ip |
        |---|---|
        | node1 | 192.168.1.6 |

        ```bash
        # install the agent, then point it at 192.168.1.9 later
        # 192.168.1.5
        echo a
        # on node1
        echo b
        # node2:
        echo c
        ```
        """)
        let step = runbook.steps[0]
        #expect(step.hostSource == .comment)
        #expect(step.hosts == ["192.168.1.5", "192.168.1.6", "node2"])
        #expect(step.commands.map(\.host) == ["192.168.1.5", "192.168.1.6", "node2"])
    }
}
