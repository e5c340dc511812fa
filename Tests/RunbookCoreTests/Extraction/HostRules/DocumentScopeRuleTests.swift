import Testing
@testable import RunbookCore

/// Rule 10: a scope stated once for the whole document.
@Suite("host rules: a scope stated once for the document")
struct DocumentScopeRuleTests {
    static func read(_ markdown: String, inventory: InventoryNames? = nil) -> Runbook {
        RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext(inventory: inventory))
    }

    /// An etcd lab of our own: three controllers named in one sentence near the top, then sections of
    /// commands that never say where again.
    static let lab = """
    # A three-member etcd cluster

    In this lab you start etcd on three machines and check that they agree on a leader.

    ## Before you begin

    The commands in this lab must be run on each controller instance: `controller-0`, `controller-1`, and `controller-2`.

    ## Download etcd

    ```bash
    curl -sSL -o /tmp/etcd.tgz https://example.invalid/etcd-v3.5.9-linux-amd64.tgz
    tar -xzf /tmp/etcd.tgz -C /usr/local/bin --strip-components=1
    ```

    ### The unit file

    ```bash
    cat > /etc/systemd/system/etcd.service <<'UNIT'
    [Service]
    ExecStart=/usr/local/bin/etcd --name %H
    UNIT
    ```

    ## Start it

    ```bash
    systemctl daemon-reload && systemctl enable --now etcd
    ```

    ## Check the members

    List them on all three members:

    ```bash
    ETCDCTL_API=3 etcdctl member list
    ```
    """

    @Test("every block of the lab runs on the three controllers, with the scope sentence as evidence")
    func labRunsOnTheControllers() throws {
        let runbook = Self.read(Self.lab)
        let runnable = runbook.steps.filter(\.runs)
        #expect(runnable.count == 4)
        for step in runnable {
            #expect(step.hosts == ["controller-0", "controller-1", "controller-2"], "\(step.id)")
        }
        let first = try #require(runnable.first)
        #expect(first.hostSource == .scope)
        #expect(first.hostTags.allSatisfy { $0.line == 7 && $0.evidence.hasPrefix("document scope: on each controller instance: controller-0") })
        #expect(!runbook.steps.contains { $0.hosts == ["local"] }, "no block falls back to the control machine")
        #expect(!runbook.diagnostics.contains { $0.severity != .note }, "\(runbook.diagnostics.map(\.message))")
    }

    @Test("“all three members” is the scope's three machines, counted; the names want an inventory")
    func countsAndNotes() {
        let runbook = Self.read(Self.lab)
        #expect(runbook.steps.last?.hostSource == .prose && runbook.steps.last?.hostTags.first?.evidence == "on all three members → the 3 hosts of L7")
        #expect(!runbook.diagnostics.contains { $0.code == .hostCountMismatch })
        let two = Self.read(Self.lab.replacing("on all three members", with: "on all two members"))
        #expect(two.diagnostics.contains { $0.code == .hostCountMismatch && $0.severity == .error && $0.line == 33 }, "\(two.diagnostics)")
        let notes = runbook.diagnostics.filter { $0.code == .unresolvedHost }
        #expect(notes.count == 1 && notes[0].line == 7 && notes[0].severity == .note, "one note for the three names: \(notes)")
        let bound = Self.read(Self.lab, inventory: InventoryNames(path: "hosts.yaml", hosts: ["controller-0", "controller-1", "controller-2"]))
        #expect(!bound.diagnostics.contains { $0.code == .unresolvedHost }, "the inventory binds them")
    }

    @Test("a Chinese document scope: 本文所有操作在每台服务器上执行, resolved through the guide's table")
    func chineseDocumentScope() {
        let runbook = Self.read("""
        # 部署

        本文所有操作在每台服务器上执行。

        | 主机名 | IP地址 |
        |---|---|
        | s1 | 10.2.0.1 |
        | s2 | 10.2.0.2 |

        ## 安装

        ```bash
        yum install -y chrony
        ```
        """)
        let step = runbook.steps.first { $0.runs }
        #expect(step?.hosts == ["10.2.0.1", "10.2.0.2"])
        #expect(step?.hostSource == .scope)
    }

    @Test("a document scope reaches only forward, and a later one replaces it")
    func forwardOnly() {
        let runbook = Self.read("""
        # Guide

        ```bash
        echo before
        ```

        The commands in this guide run on each worker: `worker-1`, `worker-2`.

        ## A

        ```bash
        echo a
        ```

        ## B

        From here the commands in this guide run on both nodes: `db-1`, `db-2`.

        ## C

        ```bash
        echo c
        ```
        """)
        let hosts = runbook.steps.filter(\.runs).map(\.hosts)
        #expect(hosts == [[], ["worker-1", "worker-2"], ["db-1", "db-2"]], "the first block is before any scope: \(hosts)")
        #expect(runbook.steps.first?.hostSource == .unresolved)
    }
}
