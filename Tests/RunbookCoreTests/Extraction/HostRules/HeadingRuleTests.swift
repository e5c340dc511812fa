import Testing
@testable import RunbookCore

/// Rule 7: a heading over the block that names a machine.
@Suite("host rules: role and name headings")
struct HeadingRuleTests {
    static func read(_ markdown: String, inventory: InventoryNames? = nil) -> Runbook {
        RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext(inventory: inventory))
    }

    /// A MySQL-replication shape of our own: one block per role heading, the same localhost prompt on both.
    static let replication = """
    # MySQL 主从复制

    两台机器：一台主库，一台从库。

    #### Master

    ```bash
    [root@localhost ~]# systemctl start mariadb
    [root@localhost ~]# mysql -e "CREATE USER 'repl'@'%'"
    ```

    #### Slave

    ```bash
    [root@localhost ~]# systemctl start mariadb
    ```
    """

    @Test("blocks whose prompts all say localhost take their role heading's machine")
    func localhostPromptsTakeTheHeading() {
        let runbook = Self.read(Self.replication)
        let steps = runbook.steps.filter(\.runs)
        #expect(steps.map(\.hosts) == [["master"], ["slave"]])
        #expect(steps.allSatisfy { $0.hostSource == .heading })
        #expect(steps[0].hostTags.first?.line == 5 && steps[0].hostTags.first?.evidence == "Master")
        #expect(runbook.diagnostics.filter { $0.code == .unresolvedHost }.map(\.line) == [5, 12], "each role wants a binding")
        let grouped = Self.read(Self.replication, inventory: InventoryNames(path: "i.yaml", hosts: ["db1", "db2"], groups: ["master": ["db1"], "slaves": ["db2"]]))
        #expect(grouped.steps.filter(\.runs).map(\.hosts) == [["db1"], ["db2"]], "inventory groups bind the roles")
    }

    @Test("headings that name a machine, resolved through the guide's table", arguments: [
        ("## node1", ["10.5.0.1"]), ("## On the master node", ["10.5.0.1"]), ("## Master节点（node1）", ["10.5.0.1"]),
        ("## Worker nodes", ["10.5.0.2", "10.5.0.3"]), ("## 2.1 On node2", ["10.5.0.2"]), ("## Install on every node", ["10.5.0.1", "10.5.0.2", "10.5.0.3"]),
    ])
    func headings(_ heading: String, _ hosts: [String]) {
        let runbook = Self.read("""
        # Cluster

        | hostname | IP | role |
        |---|---|---|
        | node1 | 10.5.0.1 | master |
        | node2 | 10.5.0.2 | worker |
        | node3 | 10.5.0.3 | worker |

        \(heading)

        ### Packages

        ```bash
        apt-get install -y containerd
        ```
        """)
        #expect(runbook.steps.first { $0.runs }?.hosts == hosts, "\(heading)")
        #expect(runbook.steps.first { $0.runs }?.hostSource == .heading)
    }

    @Test("topic headings are not machines", arguments: ["## Installation", "## Step1", "## Python3", "## K8s", "## Configuration of the master"])
    func topics(_ heading: String) {
        let runbook = Self.read("# Guide\n\n\(heading)\n\n```bash\necho hi\n```\n")
        #expect(runbook.steps.first?.hosts == ["local"], "\(heading)")
    }

    @Test("the same prompt host under two role headings, with nothing else to tell them apart, is a warning")
    func samePromptTwoHeadings() {
        let runbook = Self.read("""
        # Replication

        #### Master

        ```console
        [root@db ~]# mysql -e 'SHOW MASTER STATUS'
        ```

        #### Slave

        ```console
        [root@db ~]# mysql -e 'SHOW SLAVE STATUS'
        ```
        """)
        #expect(runbook.steps.map(\.hosts) == [["db"], ["db"]])
        let warning = runbook.diagnostics.first { $0.code == .ambiguousPromptHost }
        #expect(warning?.severity == .warning && warning?.line == 11, "\(runbook.diagnostics)")
    }

    @Test("with a table, a prompt host no table lists under a role heading is that role's machine")
    func promptUnderResolvedHeading() {
        let runbook = Self.read("""
        # Replication

        | hostname | IP | role |
        |---|---|---|
        | m1 | 10.6.0.1 | primary |
        | r1 | 10.6.0.2 | replica |

        #### Primary

        ```console
        [root@db ~]# redis-cli role
        ```

        #### Replica

        ```console
        [root@db ~]# redis-cli role
        ```
        """)
        #expect(runbook.steps.filter(\.runs).map(\.hosts) == [["10.6.0.1"], ["10.6.0.2"]])
        #expect(!runbook.diagnostics.contains { $0.code == .ambiguousPromptHost })
    }
}
