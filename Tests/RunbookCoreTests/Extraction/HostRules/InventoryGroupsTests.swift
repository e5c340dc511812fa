import Testing
@testable import RunbookCore

/// The inventory's `groups:` (SPEC §12): names for the guide's scopes. A group binds a scope word at
/// whatever rung the statement stands (prose, heading, after the blocks, section, document), after
/// the guide's own tables.
@Suite("host rules: inventory groups bind scope words")
struct InventoryGroupsTests {
    static func read(_ markdown: String, groups: [String: [String]], hosts: Set<String>? = nil) -> Runbook {
        let names = InventoryNames(path: "hosts.yaml", hosts: hosts ?? Set(groups.values.joined()), groups: groups, groupLines: [:])
        return RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext(inventory: names))
    }

    static let guide = """
    # etcd

    On each etcd node:

    ```bash
    systemctl start etcd
    ```

    ## Join the cluster

    The following steps run on all worker machines.

    ### Join

    ```bash
    kubeadm join
    ```

    #### Control plane

    ```bash
    kubeadm init
    ```
    """

    @Test("a group per scope word, in any case, singular or plural; the evidence names the group")
    func bind() {
        let runbook = Self.read(Self.guide, groups: ["etcd": ["e1", "e2"], "Workers": ["w1"], "control-plane": ["cp1"]])
        let steps = runbook.steps.filter(\.runs)
        #expect(steps.map(\.hosts) == [["e1", "e2"], ["w1"], ["cp1"]], "\(steps.map(\.hosts))")
        #expect(steps[0].hostTags.first?.evidence == "On each etcd node → inventory group etcd")
        #expect(steps.map(\.hostSource) == [.prose, .scope, .heading])
        #expect(!runbook.diagnostics.contains { $0.code == .unknownGroup || $0.code == .unresolvedHost }, "\(runbook.diagnostics)")
    }

    @Test("a scope word no group names is `unknown-group`, naming the groups the inventory has")
    func unknownGroup() throws {
        let runbook = Self.read(Self.guide, groups: ["db": ["d1"]])
        let unknown = runbook.diagnostics.filter { $0.code == .unknownGroup }
        #expect(unknown.map(\.line) == [3, 11], "\(unknown)")
        #expect(try #require(unknown.first).message.contains("no group of hosts.yaml (groups: db)"))
        #expect(runbook.steps.filter(\.runs).prefix(2).allSatisfy { $0.hostSource == .unresolved })
    }

    @Test("the guide's own table comes before a group of the same name")
    func tableFirst() {
        let runbook = Self.read("""
        # Two

        | hostname | IP | role |
        |---|---|---|
        | w-a | 10.8.0.1 | worker |

        On each worker node:

        ```bash
        true
        ```
        """, groups: ["worker": ["elsewhere"]])
        #expect(runbook.steps.last?.hosts == ["10.8.0.1"])
    }

    @Test("Inventory.unresolvedSteps: an error per step the inventory leaves without a host")
    func unresolvedSteps() {
        let runbook = Self.read(Self.guide, groups: [:], hosts: [])
        let errors = Inventory(path: "hosts.yaml").unresolvedSteps(runbook.steps)
        #expect(errors.count == 2 && errors.allSatisfy { $0.severity == .error && $0.code == .unresolvedHost })
        #expect(errors.first?.message.hasPrefix("step etcd/1 has no host (On each etcd node)") == true, "\(errors)")
    }
}
