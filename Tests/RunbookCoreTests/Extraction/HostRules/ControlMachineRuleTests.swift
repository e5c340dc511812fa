import Testing
@testable import RunbookCore

/// Rule 11: no silent local. A step runs on the control machine only when the guide says so or
/// names no other machine at all; otherwise it has no host (`unresolved-host`) and `run` refuses it.
@Suite("host rules: no silent local")
struct ControlMachineRuleTests {
    static func read(_ markdown: String, inventory: InventoryNames? = nil) -> Runbook {
        RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext(inventory: inventory))
    }

    static let eachNode = """
    # Run a quorum

    On each node, install the server:

    ```bash
    apt-get install -y zookeeperd
    ```

    Then start it:

    ```bash
    systemctl start zookeeper
    ```

    ## Check

    ```bash
    echo ruok | nc 127.0.0.1 2181
    ```
    """

    @Test("prose that says “on each node” without naming them: no step is local, each is unresolved-host (a warning)")
    func eachNodeUnnamed() {
        let runbook = Self.read(Self.eachNode)
        let steps = runbook.steps.filter(\.runs)
        #expect(steps.count == 3)
        #expect(steps.allSatisfy { $0.hosts.isEmpty && $0.hostSource == .unresolved }, "\(steps.map(\.hosts))")
        let warnings = runbook.diagnostics.filter { $0.code == .unresolvedHost }
        #expect(warnings.map(\.line) == [5, 11, 17] && warnings.allSatisfy { $0.severity == .warning })
        #expect(!runbook.diagnostics.hasErrors, "plan only warns; `run` is what refuses")
    }

    @Test("the inventory's group `all` binds “each node”, and the later blocks with it")
    func groupBindsIt() {
        let runbook = Self.read(Self.eachNode, inventory: InventoryNames(path: "hosts.yaml", hosts: ["zk1", "zk2", "zk3"],
                                                                          groups: ["all": ["zk1", "zk2", "zk3"]]))
        let steps = runbook.steps.filter(\.runs)
        #expect(steps[0].hosts == ["zk1", "zk2", "zk3"] && steps[1].hosts == ["zk1", "zk2", "zk3"])
        #expect(steps[2].hostSource == .unresolved, "the check says nothing of where, in a guide about other machines")
    }

    @Test("a guide that names no other machine runs on the control machine, said so")
    func localGuide() {
        let runbook = Self.read("# Local\n\nBuild it:\n\n```bash\nmake\n```\n")
        #expect(runbook.steps.first?.hosts == ["local"] && runbook.steps.first?.hostSource == .default)
        #expect(runbook.diagnostics.isEmpty)
    }

    @Test("a YAML block kept with the run stays local: nothing is sent anywhere")
    func keptFile() {
        let runbook = Self.read("# Config\n\nOn 10.7.0.1:\n\n```bash\ntrue\n```\n\n## Settings\n\n```yaml\na: 1\n```\n")
        #expect(runbook.steps.last?.kind == .file && runbook.steps.last?.hosts == ["local"])
    }

    @Test("在每台服务器上 without a table: unresolved, with the words that said it")
    func chinese() {
        let runbook = Self.read("# 部署\n\n在每台服务器上执行：\n\n```bash\nyum install -y ntp\n```\n")
        let step = runbook.steps.first
        #expect(step?.hostSource == .unresolved && step?.hostTags.first?.evidence == "在每台服务器上")
        #expect(runbook.diagnostics.contains { $0.code == .unknownGroup && $0.line == 3 })
    }
}
