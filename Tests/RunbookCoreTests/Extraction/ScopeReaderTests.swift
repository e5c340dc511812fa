import Testing
import TestSupport
@testable import RunbookCore

/// The scope phrases, local words and reach words `ScopeReader` finds in a sentence, and the ones it
/// must leave alone.
@Suite("ScopeReader: what a sentence says about where blocks run")
struct ScopeReaderTests {
    static let resolver = ScopeResolver(finder: HostFinder(inventory: [], subnet: nil), inventory: nil)

    static func statements(_ text: String) -> [ScopeStatement] {
        ScopeReader.read(text, bytes: Array(text.utf8), line: 1, resolver: resolver, mentions: []).statements
    }

    static func describe(_ statement: ScopeStatement) -> String {
        switch statement.target {
        case .hosts(let mentions): return "hosts \(mentions.flatMap(\.hosts).joined(separator: ","))"
        case .local: return "local"
        case .open(let word, let count): return "open \(word ?? "*")" + (count.map { " \($0)" } ?? "")
        }
    }

    @Test("scope phrases in English and Chinese", arguments: [
        ("The commands in this lab must be run on each controller instance: `controller-0`, `controller-1`, and `controller-2`.",
         "hosts controller-0,controller-1,controller-2", ScopeReach.document),
        ("以下操作在所有节点执行。", "open *", .section),
        ("Then on all three members:", "open * 3", .here),
        ("Run this on every node.", "open *", .here),
        ("Remember to run the above commands on each controller node: controller-0, controller-1.", "hosts controller-0,controller-1", .above),
        ("On each etcd node, stop the service:", "open etcd", .here),
        ("在每台服务器上执行：", "open *", .here),
        ("在所有master节点上执行：", "open master", .here),
        ("Run it across all worker nodes.", "open worker", .here),
        ("Do this on both machines.", "open * 2", .here),
        ("On the master node, run:", "hosts master", .here),
        ("Install it on the control plane.", "hosts control-plane", .here),
        ("From your workstation, run:", "local", .here),
        ("在客户端执行以下命令：", "local", .here),
        ("在本机执行：", "local", .here),
    ])
    func phrases(_ text: String, _ expected: String, _ reach: ScopeReach) throws {
        let statement = try #require(Self.statements(text).last, "\(text)")
        #expect(Self.describe(statement) == expected, "\(text)")
        #expect(statement.reach == reach, "\(text)")
    }

    @Test("sentences that say nothing about machines", arguments: [
        "Click on the primary button.", "Run it on each boot.", "It works on all platforms.", "Install it on the server.",
        "This runs on every request to the API.", "我们为服务在宿主机上创建目录。", "映射到管理节点的宿主机。", "所有服务部署在2台机器上。",
        "Copy the files to each directory.", "on the same node as before", "Log in to each controller instance.",
    ])
    func nothing(_ text: String) {
        #expect(Self.statements(text).isEmpty, "\(text): \(Self.statements(text).map(Self.describe))")
    }

    @Test("a sentence's own hosts win over its scope phrase; only its reach is new")
    func ownHosts() throws {
        let text = "The commands in this guide run on all three members (10.0.0.1 - 10.0.0.3)."
        let bytes = Array(text.utf8)
        let finder = HostFinder(inventory: [], subnet: nil)
        let reading = ScopeReader.read(text, bytes: bytes, line: 1, resolver: Self.resolver, mentions: finder.mentions(in: text))
        let statement = try #require(reading.statements.first)
        #expect(statement.reach == .document && statement.hosts == ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        #expect(reading.mentions.isEmpty, "HostFinder's mentions are not repeated")
    }

    @Test("headings: numbering stripped, role and name headings read", arguments: [
        ("2.1 Master", "hosts master"), ("Step 3: On node1", "hosts node1"), ("Master节点（node1）", "hosts node1"),
        ("Worker nodes", "open worker"), ("从节点", "hosts slave"), ("node-2", "hosts node-2"), ("Control plane", "hosts control-plane"),
    ])
    func headings(_ title: String, _ expected: String) throws {
        let statement = try #require(ScopeReader.heading(title, mentions: [], line: 1, resolver: Self.resolver), "\(title)")
        #expect(Self.describe(statement) == expected && statement.reach == .section, "\(title)")
    }
}

/// Random guides made of scope words, names, headings, comments and assignments: reading them never
/// crashes, and every step that runs either has hosts or says why not.
@Suite("ScopeReader and the scope rules on random input")
struct ScopeFuzzTests {
    static let pieces = [
        "On ", "on each ", "on every ", "on all three ", "on the ", "across all ", "both ", "the above commands ", "in this lab ",
        "node", "nodes", "controller", "worker", "master", "etcd", "instance", "machine-2", "node1", "db-1", "10.0.0.1", "Ubuntu",
        ": ", ", ", " and ", "(", ")", "（", "）", "：", "、", "`", ".", "。", " ", "\n", "\n\n", "#### ", "## ", "# ", "1.2 ",
        "所有", "每台", "各个", "的", "工作", "主", "从", "节点", "服务器", "主机", "在", "上", "执行", "以下操作", "以上操作", "本文",
        "在本机", "from your workstation", "在客户端", "Master节点（node1）", "\n```bash\n", "\n```\n", "# For machine 1\n",
        "# on machine-2\n", "NAME_1=machine-1\n", "HOST_1=10.240.0.17\n", "ssh root@$ip hostname\n", "scp a node2:/tmp\n",
        "[root@localhost ~]# ls\n", "| hostname | ip |\n|---|---|\n| node1 | 10.0.0.1 |\n", "\u{FFFD}", "é", "😀",
    ]

    @Test("seeded random guides", arguments: 0..<200)
    func random(_ seed: Int) {
        var rng = SplitMix(seed: UInt64(seed) &* 0x2545_F491_4F6C_DD1D &+ 7)
        var text = ""
        for _ in 0..<Int.random(in: 5...120, using: &rng) { text += Self.pieces.randomElement(using: &rng)! }
        let groups = seed % 3 == 0 ? InventoryNames(path: "i.yaml", hosts: ["h1", "h2"], groups: ["etcd": ["h1"], "all": ["h1", "h2"]]) : nil
        let runbook = RunbookBuilder.build(path: "g.md", bytes: Array(text.utf8), context: GuideContext(inventory: groups))
        for step in runbook.steps where step.runs {
            #expect(!step.hosts.isEmpty || step.hostSource == .unresolved, "seed \(seed): \(step.id) has no host and no reason")
            #expect(!step.hosts.contains("?"), "seed \(seed)")
        }
    }
}
