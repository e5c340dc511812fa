import Testing
@testable import RunbookCore

/// Rule 8: a scope stated after the blocks it covers.
@Suite("host rules: a scope stated after the blocks")
struct AfterBlocksRuleTests {
    static func read(_ markdown: String) -> Runbook {
        RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext())
    }

    static let guide = """
    # etcd

    ## Prerequisites

    Log in to each controller with `ssh` first.

    ## Install a member

    ### Download

    ```bash
    curl -sSLO https://example.invalid/etcd.tgz
    ```

    ### Start

    ```bash
    systemctl start etcd
    ```

    > Remember to run the above commands on each controller node: `controller-0`, `controller-1`, and `controller-2`.

    ## Verification

    On controller-0:

    ```bash
    etcdctl member list
    ```
    """

    @Test("“Remember to run the above commands on each controller node” covers the blocks of the section above it, subsections included")
    func coversTheBlocksAbove() {
        let runbook = Self.read(Self.guide)
        let steps = runbook.steps.filter(\.runs)
        #expect(steps.count == 3)
        for step in steps.prefix(2) {
            #expect(step.hosts == ["controller-0", "controller-1", "controller-2"] && step.hostSource == .scope, "\(step.id)")
            #expect(step.hostTags.first?.line == 21 && step.hostTags.first?.evidence.hasPrefix("after the blocks: ") == true)
        }
        #expect(steps[2].hosts == ["controller-0"] && steps[2].hostSource == .prose)
    }

    @Test("以上操作在所有节点执行 after the blocks, never reaching past an earlier such statement")
    func notPastAnEarlierOne() {
        let runbook = Self.read("""
        # 部署

        | 主机名 | IP地址 |
        |---|---|
        | a1 | 10.3.0.1 |
        | a2 | 10.3.0.2 |

        ## 准备

        ```bash
        echo one
        ```

        以上操作在a1上执行。

        ```bash
        echo two
        ```

        以上操作在所有节点执行。
        """)
        let steps = runbook.steps.filter(\.runs)
        #expect(steps.map(\.hosts) == [["10.3.0.1"], ["10.3.0.1", "10.3.0.2"]], "\(steps.map(\.hosts))")
        #expect(steps[1].hostSource == .scope)
    }

    @Test("a block with stronger evidence keeps it: the statement after it is only its weaker evidence")
    func strongerEvidenceStays() {
        let runbook = Self.read("""
        # Two

        ## Do

        On node-1:

        ```bash
        echo a
        ```

        Remember to run the above on each worker: `worker-1`, `worker-2`.
        """)
        #expect(runbook.steps.first?.hosts == ["node-1"] && runbook.steps.first?.hostSource == .prose)
    }
}
