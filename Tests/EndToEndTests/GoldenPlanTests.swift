import Foundation
import RunbookCore
import Testing
import TestSupport

/// What a reviewer reads and what `run` would send, for the shipped guides, byte for byte as
/// committed in Tests/Golden/. A change to any of them is a change a reviewer sees: update the
/// golden file in the same commit, on purpose (`RUNBOOK_UPDATE_GOLDEN=1 swift test --filter Golden`).
@Suite("golden plans of runbooks/milvus.md")
struct GoldenPlanTests {
    static let golden = Checkout.golden
    static let inventory = "Tests/Golden/milvus.hosts.yaml"

    static let cases: [(file: String, args: [String], status: Int32)] = [
        ("milvus.plan.txt", ["plan", "runbooks/milvus.md"], 3),
        ("milvus.plan.json", ["plan", "runbooks/milvus.md", "--json"], 3),
        ("milvus.plan-i.txt", ["plan", "runbooks/milvus.md", "-i", inventory], 3),
        ("milvus.corrected.plan.json", ["plan", "runbooks/milvus.corrected.md", "--json", "-i", inventory], 0),
        ("milvus.corrected.dry-run.txt", ["run", "runbooks/milvus.corrected.md", "-i", inventory, "--dry-run"], 0),
    ]

    /// The ssh start marker is random per command; everything else is fixed.
    static func normalized(_ text: String) -> String {
        text.replacing(/RUNBOOK-START-[0-9a-f]+/, with: "RUNBOOK-START-X")
    }

    static func compare(_ actual: String, golden name: String) throws {
        let url = golden.appending(path: name)
        if ProcessInfo.processInfo.environment["RUNBOOK_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard actual != expected else { return }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        Issue.record("""
            \(name) differs from the golden file at line \(first + 1):
              golden: \(first < e.count ? String(e[first]) : "(end)")
              now:    \(first < a.count ? String(a[first]) : "(end)")
            """)
    }

    @Test("plan, plan --json, plan -i and run --dry-run print exactly the golden bytes", arguments: 0..<cases.count)
    func golden(_ index: Int) throws {
        let (file, args, status) = Self.cases[index]
        let result = try CLI.run(args, in: CLI.packageRoot)
        #expect(result.status == status, "\(args.joined(separator: " "))")
        try Self.compare(Self.normalized(result.output), golden: file)
    }

    @Test("plan -o pins exactly the golden plan (the hashes of the guide, the inventory and each upload)")
    func pinned() throws {
        let output = URL(filePath: NSTemporaryDirectory()).appending(path: "rb-pin-\(UUID().uuidString.prefix(8)).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CLI.run(["plan", "runbooks/milvus.corrected.md", "-i", Self.inventory, "-o", output.path], in: CLI.packageRoot)
        #expect(result.status == 0)
        try Self.compare(try String(contentsOf: output, encoding: .utf8), golden: "milvus.corrected.pinned.json")
    }
}
