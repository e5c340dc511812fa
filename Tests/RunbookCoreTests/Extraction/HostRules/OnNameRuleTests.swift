import Testing
@testable import RunbookCore

/// Rule 4: an `On NAME:` paragraph naming machines of a table, of the inventory, or by name.
@Suite("host rules: On NAME: paragraphs")
struct OnNameRuleTests {
    static func read(_ markdown: String, inventory: InventoryNames? = nil) -> Runbook {
        RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext(inventory: inventory))
    }

    static let guide = """
    # Redis with a replica

    | Hostname | IP Address | Role |
    |----------|------------|------|
    | node1 | 10.1.0.11 | primary |
    | node2 | 10.1.0.12 | replica |

    On node1:

    ```bash
    redis-server --daemonize yes
    ```

    On node2 and cache-3, run:

    ```bash
    redis-server --daemonize yes --replicaof 10.1.0.11 6379
    ```

    On backup:

    ```bash
    redis-cli -h 10.1.0.11 --rdb /tmp/dump.rdb
    ```

    在node2上执行：

    ```bash
    redis-cli info replication
    ```
    """

    @Test("table names resolve to their addresses; a name-like word is kept by name; an inventory host by its name")
    func names() {
        let plain = Self.read(Self.guide)
        let steps = plain.steps.filter(\.runs)
        // `backup` is no name a table, the inventory or a hostname's shape gives: the block keeps the
        // nearest prose that names hosts, as after any paragraph that says nothing of machines.
        #expect(steps.map(\.hosts) == [["10.1.0.11"], ["10.1.0.12", "cache-3"], ["10.1.0.12", "cache-3"], ["10.1.0.12"]], "\(steps.map(\.hosts))")
        #expect(steps[1].hostSource == .prose && steps[1].hostTags.allSatisfy { $0.evidence == "On node2 and cache-3, run:" })
        let bound = Self.read(Self.guide, inventory: InventoryNames(path: "hosts.yaml", hosts: ["backup", "cache-3"]))
        #expect(bound.steps.filter(\.runs)[2].hosts == ["backup"])
        #expect(!bound.diagnostics.contains { $0.code == .unresolvedHost }, "\(bound.diagnostics)")
    }

    @Test("`On Ubuntu:` and `On success:` say nothing about machines", arguments: ["On Ubuntu:", "On CentOS 7:", "On success:", "On the next screen:"])
    func notMachines(_ paragraph: String) {
        #expect(ScopeReader.onName(paragraph, line: 1, resolver: ScopeResolver(finder: HostFinder(inventory: [], subnet: nil), inventory: nil)) == nil)
    }

    @Test("a name the guide defined earlier (NAME_1=…, HOST_1=…) stands for its address")
    func guideDefinedName() {
        let runbook = Self.read("""
        # Two

        ```bash
        NAME_1=edge-1
        HOST_1=10.9.0.7
        ```

        On edge-1:

        ```bash
        uptime
        ```
        """)
        let step = runbook.steps.last
        #expect(step?.hosts == ["10.9.0.7"])
        #expect(step?.hostTags.first?.evidence.contains("HOST_1=10.9.0.7 L5") == true)
    }
}
