import Foundation
import RunbookCore
import Testing
import TestSupport

/// Every way `run` refuses before it opens a connection, through the built binary (stdin is
/// /dev/null: no terminal); `RunPreparation`, which decides them, is called directly in
/// RunbookRuntimeTests/Guide/RunPreparationTests.swift.
/// Every inventory here binds to loopback; none of these runs gets as far as connecting.
@Suite("run refuses before any connection: usage (exit 2) and refusals (exit 3)")
struct RunRefusalTests {
    static let inventory = "Tests/Golden/milvus.hosts.yaml"

    /// A local guide of two steps, and an inventory that binds 10.0.0.6 (to loopback) but not 10.0.0.5.
    static func remoteWorkspace() throws -> URL {
        let directory = try workspace(guide: """
        # Two hosts

        ## 1. First

        On 10.0.0.5:

        ```bash
        echo one
        ```

        ## 2. Second

        On 10.0.0.6:

        ```bash
        echo two
        ```

        """)
        try "hosts:\n  10.0.0.6: { ssh: \"nobody@127.0.0.1:1\" }\n".write(to: directory.appending(path: "hosts.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    // MARK: - Usage (exit 2)

    @Test("run without a guide or --plan: exit 2, the message and its hint")
    func noGuide() throws {
        let result = try CLI.run(["run"], in: CLI.packageRoot)
        #expect(result.status == 2)
        #expect(result.output == "runbook: error: name the guide to run, or a pinned plan with --plan\n  hint: runbook run GUIDE -i INVENTORY\n")
    }

    @Test("ArgumentParser's own answers come before validate()'s: --help shows the help, an unknown option its usage error",
          arguments: [(["run", "--help"], Int32(0)), (["run", "--bogus"], Int32(64)), (["run", "--step", "--bogus"], Int32(64))])
    func argumentParserFirst(args: [String], status: Int32) throws {
        let result = try CLI.run(args, in: CLI.packageRoot)
        #expect(result.status == status, "\(result.output)")
        #expect(!result.output.contains("runbook: "), "validate() said nothing: \(result.output)")
        #expect(result.output.hasPrefix(status == 0 ? "OVERVIEW: " : "Error: Unknown option '--bogus'"), "\(result.output)")
    }

    @Test("a guide that leaves the control machine needs -i: exit 2 naming the hosts")
    func noInventory() throws {
        let result = try CLI.run(["run", "runbooks/milvus.corrected.md"], in: CLI.packageRoot)
        #expect(result.status == 2)
        #expect(result.output.hasPrefix("runbook: error: this guide runs on 19 host(s) besides the control machine (29.16.21.64, 29.16.21.65, 29.16.21.66, 29.16.21.67…), and no inventory was given\n"))
        #expect(result.output.contains("  hint: pass -i hosts.yaml; `runbook inventory runbooks/milvus.corrected.md` prints a skeleton"))
    }

    @Test("--from and --only name a step of the guide, or exit 2", arguments: ["--from", "--only"])
    func unknownStep(option: String) throws {
        let result = try CLI.run(["run", "runbooks/milvus.corrected.md", "-i", Self.inventory, option, "NOPE", "--dry-run"], in: CLI.packageRoot)
        #expect(result.status == 2)
        #expect(result.output == "runbook: error: no step NOPE in runbooks/milvus.corrected.md\n  hint: step ids are shown by `runbook plan runbooks/milvus.corrected.md` (e.g. 1.1/1)\n")
    }

    // MARK: - Refused (exit 3)

    @Test("a guide with errors is refused: each error as lint prints it, then why")
    func guideErrors() throws {
        let result = try CLI.run(["run", "runbooks/milvus.md", "-i", Self.inventory, "--yes"], in: CLI.packageRoot)
        #expect(result.status == 3)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("runbooks/milvus.md:233: error: [host-conflict] ") == true, "\(result.output)")
        #expect(lines.count == 3 && lines[1].hasPrefix("  hint: "), "\(result.output)")
        #expect(lines.last == "runbook: refused: the guide has errors; `runbook plan runbooks/milvus.md` shows them in context. No connection was opened.")
        let lint = try CLI.run(["lint", "runbooks/milvus.md"], in: CLI.packageRoot)
        #expect(lint.output.contains(lines[0] + "\n" + lines[1] + "\n"), "lint prints the same two lines")
    }

    @Test("a host the inventory does not bind is refused (the inventory is the allowlist)")
    func unboundHost() throws {
        let directory = try Self.remoteWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--yes"], in: directory)
        #expect(result.status == 3)
        #expect(result.output.hasPrefix("guide.md:7: error: [unbound-host] step 1/1 runs on `10.0.0.5`, which the inventory hosts.yaml does not bind\n  hint: "), "\(result.output)")
        #expect(result.output.hasSuffix("runbook: refused: the inventory must bind every host the plan runs on (it is the allowlist) and give every placeholder a value. No connection was opened.\n"))
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "logs").path), "no run was started")
    }

    @Test("a pinned plan whose guide changed is refused, naming the change")
    func stalePlan() throws {
        let directory = try workspace(guide: "# T\n\n## 1. One\n\n```bash\necho one\n```\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLI.run(["plan", "guide.md", "-o", "plan.json"], in: directory).status == 0)
        try "# T\n\n## 1. One\n\n```bash\necho one more\n```\n".write(to: directory.appending(path: "guide.md"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", "--plan", "plan.json", "--yes"], in: directory)
        #expect(result.status == 3)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.output)")
        #expect(lines.first?.hasPrefix("runbook: stale plan: the guide guide.md changed (sha256 ") == true, "\(result.output)")
        #expect(lines.last == "runbook: refused: plan.json no longer describes what would run; review again with `runbook plan guide.md -o plan.json`. No connection was opened.")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "logs").path), "no run was started")
    }

    @Test("--step without a terminal is refused")
    func stepWithoutTerminal() throws {
        let result = try CLI.run(["run", "runbooks/milvus.corrected.md", "-i", Self.inventory, "--step"], in: CLI.packageRoot)
        #expect(result.status == 3)
        #expect(result.output == "runbook: refused: --step asks before each step and needs a terminal.\n")
    }

    @Test("without a terminal and without --yes, run is refused and says how to go on")
    func noTerminal() throws {
        let result = try CLI.run(["run", "runbooks/milvus.corrected.md", "-i", Self.inventory], in: CLI.packageRoot)
        #expect(result.status == 3)
        #expect(result.output.hasPrefix("runbook: refused: no terminal to confirm on; review with `runbook plan runbooks/milvus.corrected.md` and pass --yes to run "), "\(result.output)")
    }
}
