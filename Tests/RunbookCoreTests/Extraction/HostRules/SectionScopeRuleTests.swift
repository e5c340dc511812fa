import Testing
@testable import RunbookCore

/// Rule 9: a scope stated for a section reaches the section and the sections under it.
@Suite("host rules: a scope stated for a section")
struct SectionScopeRuleTests {
    static func read(_ markdown: String, inventory: InventoryNames? = nil) -> Runbook {
        RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext(inventory: inventory))
    }

    static let guide = """
    # 集群部署

    | 主机名 | IP地址 | 角色 |
    |---|---|---|
    | node1 | 10.0.0.11 | master |
    | node2 | 10.0.0.12 | worker |
    | node3 | 10.0.0.13 | worker |

    ## 1. 环境准备

    以下操作在所有节点执行。

    ### 1.1 关闭防火墙

    ```bash
    systemctl disable --now firewalld
    ```

    ### 1.2 时间同步

    在node1上执行：

    ```bash
    systemctl enable --now chronyd
    ```

    ## 2. 初始化

    ```bash
    kubeadm init
    ```
    """

    @Test("以下操作在所有节点执行 covers the subsections; a nearer prose wins; the next section is out of reach")
    func reachesSubsections() {
        let runbook = Self.read(Self.guide)
        let steps = runbook.steps.filter(\.runs)
        #expect(steps.map(\.id) == ["1.1/1", "1.2/1", "2/1"])
        #expect(steps[0].hosts == ["10.0.0.11", "10.0.0.12", "10.0.0.13"] && steps[0].hostSource == .scope)
        #expect(steps[0].hostTags.first?.line == 11 && steps[0].hostTags.first?.evidence.hasPrefix("section scope: ") == true)
        #expect(steps[1].hosts == ["10.0.0.11"] && steps[1].hostSource == .prose)
        #expect(steps[2].hostSource == .unresolved && steps[2].hosts.isEmpty, "a guide about three machines does not run kubeadm locally")
    }

    @Test("a section scope the guide cannot resolve leaves its blocks without a host, not local")
    func openSectionScope() {
        let runbook = Self.read("""
        # Setup

        ## Packages

        The following steps run on every node.

        ### Install

        ```bash
        apt-get install -y chrony
        ```
        """)
        let step = runbook.steps.first { $0.runs }
        #expect(step?.hostSource == .unresolved && step?.hosts == [])
        #expect(runbook.diagnostics.contains { $0.code == .unresolvedHost && $0.severity == .warning && $0.line == 9 })
        #expect(runbook.diagnostics.contains { $0.code == .unknownGroup && $0.line == 5 })
        let bound = Self.read("# Setup\n\n## Packages\n\nThe following steps run on every node.\n\n### Install\n\n```bash\ntrue\n```\n",
                              inventory: InventoryNames(path: "i.yaml", hosts: ["n1", "n2"], groups: ["all": ["n1", "n2"]]))
        #expect(bound.steps.first?.hosts == ["n1", "n2"], "the inventory's group `all` binds “every node”")
    }
}
