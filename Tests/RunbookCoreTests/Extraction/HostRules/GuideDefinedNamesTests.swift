import Testing
@testable import RunbookCore

/// Rule 2, extended: comments that name a machine the guide defined itself (`NAME_1=machine-1`,
/// `HOST_1=10.240.0.17` in an earlier block) open segments; a comment that names a machine never
/// lands silently in another machine's segment.
@Suite("host rules: names the guide defines, and comments that name hosts")
struct GuideDefinedNamesTests {
    static func read(_ markdown: String) -> Runbook {
        RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext())
    }

    /// An etcd demo's shape of our own: the names in one block, then one block started per machine.
    static let demo = """
    # A three-machine etcd demo

    ## The machines

    ```bash
    NAME_1=machine-1
    NAME_2=machine-2
    NAME_3=machine-3
    HOST_1=10.240.0.17
    HOST_2=10.240.0.18
    HOST_3=10.240.0.19
    ```

    ## Start each member

    ```bash
    # machine-1:
    etcd --name machine-1 --listen-peer-urls http://10.240.0.17:2380
    # on machine-2
    etcd --name machine-2 --listen-peer-urls http://10.240.0.18:2380
    # on 10.240.0.19
    etcd --name machine-3 --listen-peer-urls http://10.240.0.19:2380
    # For 10.240.0.17
    etcdctl member list
    # For machine 2
    etcdctl endpoint health
    ```
    """

    @Test("# machine-1:, # on machine-2, # on 10.240.0.19, # For 10.240.0.17, # For machine 2 each open a segment")
    func segments() throws {
        let runbook = Self.read(Self.demo)
        let start = try #require(runbook.steps.last)
        #expect(start.hostSource == .comment)
        #expect(start.hosts == ["10.240.0.17", "10.240.0.18", "10.240.0.19"])
        #expect(start.commands.map { "\($0.line) \($0.host ?? "*")" } == ["18 10.240.0.17", "20 10.240.0.18", "22 10.240.0.19",
                                                                          "24 10.240.0.17", "26 10.240.0.18"])
        let tag = try #require(start.hostTags.first { $0.line == 19 })
        #expect(tag.evidence == "on machine-2 → NAME_2=machine-2 L7, HOST_2=10.240.0.18 L10")
        #expect(!runbook.diagnostics.contains { $0.code == .hostComment }, "\(runbook.diagnostics)")
    }

    @Test("a comment naming a machine nobody defines, or saying more than where to run, warns where it would have landed")
    func warnings() {
        let runbook = Self.read("""
        # Demo

        ```bash
        # on 10.240.0.17
        systemctl start etcd
        # For machine 4
        etcdctl endpoint health
        # point the proxy at 10.240.0.18, then reload it
        systemctl reload haproxy
        ```
        """)
        let warnings = runbook.diagnostics.filter { $0.code == .hostComment }
        #expect(warnings.map(\.line) == [6, 8])
        #expect(warnings.allSatisfy { $0.severity == .warning && $0.message.hasSuffix("run with the segment of L4 (10.240.0.17)") }, "\(warnings)")
        #expect(runbook.steps.first?.commands.allSatisfy { $0.host == "10.240.0.17" } == true)
    }

    @Test("names defined later, or in the same block, do not count (the reader has not met them yet)")
    func earlierBlocksOnly() {
        let runbook = Self.read("# Demo\n\n```bash\nHOST_1=10.0.0.1\n# For machine 1\ntrue\n```\n")
        #expect(runbook.diagnostics.contains { $0.code == .hostComment && $0.line == 5 })
    }

    @Test("NameAssignment reads host-naming assignments only", arguments: [
        ("NAME_1=machine-1", "NAME_1", 1, "machine-1"), ("export HOST_2=\"10.240.0.18\"", "HOST_2", 2, "10.240.0.18"),
        ("NODE3_IP=10.0.0.3", "NODE3_IP", 3, "10.0.0.3"),
    ])
    func assignments(_ line: String, _ variable: String, _ ordinal: Int, _ value: String) throws {
        let assignment = try #require(NameAssignment.parse(line, line: 1))
        #expect(assignment.variable == variable && assignment.ordinal == ordinal && assignment.value == value)
    }

    @Test("assignments that name no machine are not names", arguments: ["PORT_1=2379", "VERSION_3=v3.5.0-rc", "X=1", "echo NAME_1=a", "NAME_1=$(hostname)"])
    func notNames(_ line: String) {
        #expect(NameAssignment.parse(line, line: 1) == nil)
    }
}
