import Foundation
import RunbookCore
import Testing
import TestSupport

/// `runbook plan` and `lint` as a reviewer uses them: the built binary on the shipped guide.
@Suite("runbook plan / lint on the command line")
struct PlanCommandTests {
    @Test("plan runbooks/milvus.md shows both defects beside their steps and at the end, and exits 3")
    func milvusReview() throws {
        let result = try CLI.run(["plan", "runbooks/milvus.md"], in: CLI.packageRoot)
        #expect(result.status == 3)
        #expect(result.output.contains("runbooks/milvus.md:233 [host-conflict]"))
        #expect(result.output.contains("runbooks/milvus.md:313 [file-mismatch]"))
        #expect(result.output.contains("comment L113") && result.output.contains("prose L111"))
        #expect(!result.output.contains("\u{1B}["), "no colour without a terminal")
        // Readable at 100 columns: prose is wrapped (commands and expectations are shown as written).
        let prose = result.output.split(separator: "\n").filter { !$0.contains("$ ") && !$0.contains("│") && !$0.contains("“") }
        #expect(prose.allSatisfy { $0.count <= 100 }, "\(prose.filter { $0.count > 100 })")
    }

    @Test("lint prints the same diagnostics as file:line lines")
    func lint() throws {
        let result = try CLI.run(["lint", "runbooks/milvus.md"], in: CLI.packageRoot)
        #expect(result.status == 3)
        #expect(result.output.contains("runbooks/milvus.md:233: error: [host-conflict]"))
        #expect(result.output.contains("runbooks/milvus.md:313: warning: [file-mismatch]"))
    }

    @Test("plan --json masks a YAML password everywhere it appears (the secrets are found while the plan renders)")
    func jsonMasksSecrets() throws {
        let guide = """
        # Deploy

        On 10.0.0.5, write the config:

        ```yaml
        db:
          password: hunter2-secret
        ```

        Then check it:

        ```bash
        grep hunter2-secret /etc/app.yaml
        ```

        """
        let directory = try workspace(guide: guide)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["plan", "guide.md", "--json"], in: directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("hunter2-secret"))
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let steps = try #require(plan["steps"] as? [[String: Any]])
        let file = try #require(steps.first?["file"] as? [String: Any])
        #expect(file["content"] as? String == "db:\n  password: ****\n")
        let command = try #require((steps.last?["commands"] as? [[String: Any]])?.first)
        #expect(command["text"] as? String == "grep **** /etc/app.yaml")
    }

    /// Runs `runbook args…` with stdout on /dev/full (every write fails: no space left on device), and
    /// stderr too when `stderrToo`.
    static func runToFullDisk(_ args: [String], in directory: URL, stderrToo: Bool = false) throws -> (status: Int32, stderr: String) {
        let process = CLI.process(args, in: directory)
        process.standardOutput = try FileHandle(forWritingTo: URL(filePath: "/dev/full"))
        let stderr = Pipe()
        process.standardError = stderrToo ? try FileHandle(forWritingTo: URL(filePath: "/dev/full")) : stderr
        if stderrToo { try stderr.fileHandleForWriting.close() }   // nothing writes to the pipe: its end comes at once
        try process.run()
        let text = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("a stdout that cannot be written is exit 2 with a message, not a crash",
          arguments: [["plan", "runbooks/milvus.md"], ["plan", "runbooks/milvus.md", "--json"], ["lint", "runbooks/milvus.md"],
                      ["inventory", "runbooks/milvus.md"]])
    func fullStdout(args: [String]) throws {
        let result = try Self.runToFullDisk(args, in: CLI.packageRoot)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("runbook: error: cannot write to stdout: No space left on device"), "\(result.stderr)")
        #expect(try Self.runToFullDisk(args, in: CLI.packageRoot, stderrToo: true).status == 2, "and with stderr failing too")
    }

    @Test("run goes on when stdout cannot be written: every step runs and the journal ends with its run-end record")
    func runWithFullStdout() throws {
        let directory = try workspace(guide: "# T\n\n## 1. One\n\n```bash\necho one\n```\n\n## 2. Two\n\n```bash\necho two\n```\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.runToFullDisk(["run", "guide.md", "--yes"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "cannot write to stdout").count == 2, "said once: \(result.stderr)")
        for stderrToo in [false, true] {
            if stderrToo { #expect(try Self.runToFullDisk(["run", "guide.md", "--yes"], in: directory, stderrToo: true).status == 0) }
            let records = try journalRecords(directory)
            #expect(records.filter { $0["event"] as? String == "step-end" }.count == 2)
            #expect(records.last?["event"] as? String == "run-end" && records.last?["result"] as? String == "ok")
        }
    }

    @Test("run --dry-run that cannot write its output is exit 2: it has no journal to fall back on")
    func dryRunWithFullStdout() throws {
        let directory = try workspace(guide: "# T\n\n```bash\necho one\n```\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.runToFullDisk(["run", "guide.md", "--dry-run"], in: directory)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(!result.stderr.contains("the run goes on"))
    }

    @Test("a missing file or a folder is exit 2 with a message", arguments: ["no-such-guide.md", "runbooks"])
    func unreadable(path: String) throws {
        let result = try CLI.run(["plan", path], in: CLI.packageRoot)
        #expect(result.status == 2)
        #expect(result.output.contains("runbook: error: cannot read guide \(path)"))
    }
}
