import Testing
@testable import RunbookCore

/// Rule 6 (and the control machine's rule for the same words): local words say `local`.
@Suite("host rules: local words")
struct LocalWordsRuleTests {
    static func read(_ markdown: String) -> Runbook {
        RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext())
    }

    @Test("“From your workstation” overrules the document's scope, and says so", arguments: [
        "From your workstation, list the members:", "Run this on your local machine:", "在本机执行：", "在客户端执行以下命令验证：",
    ])
    func overrulesTheDocumentScope(_ paragraph: String) throws {
        let runbook = Self.read("""
        # Lab

        The commands in this lab must be run on each controller instance: `controller-0`, `controller-1`.

        ## Install

        ```bash
        apt-get install -y etcd
        ```

        ## Check

        \(paragraph)

        ```bash
        etcdctl member list
        ```
        """)
        let check = try #require(runbook.steps.last)
        #expect(check.hosts == ["local"] && check.hostSource == .prose, "\(check.hostTags)")
        #expect(check.hostTags.contains { $0.source == .scope && $0.evidence.hasPrefix("overruled: ") }, "the scope it overrules is shown beside it")
        #expect(runbook.steps.first?.hosts == ["controller-0", "controller-1"])
    }

    @Test("with nothing to overrule, local words keep a block local in a guide about other machines (the control machine's rule)")
    func clientCheck() throws {
        let runbook = Self.read("""
        # Cluster

        On 10.4.0.1:

        ```bash
        systemctl start app
        ```

        ## Check

        我们可以在客户端使用如下方式验证：

        ```bash
        curl http://10.4.0.1:8080/health
        ```
        """)
        let check = try #require(runbook.steps.last)
        #expect(check.hosts == ["local"] && check.hostSource == .default)
        #expect(!runbook.diagnostics.contains { $0.code == .unresolvedHost })
    }

    @Test("local words beside a scope phrase in one sentence: the phrase wins (files come from the workstation, commands run there)")
    func phraseWinsInOneSentence() {
        let runbook = Self.read("""
        # Certificates

        Copy the certificates from your workstation and install them on each worker: `worker-0`, `worker-1`.

        ```bash
        install -m 0600 ca.pem /etc/ssl/ca.pem
        ```
        """)
        #expect(runbook.steps.first?.hosts == ["worker-0", "worker-1"])
    }
}
