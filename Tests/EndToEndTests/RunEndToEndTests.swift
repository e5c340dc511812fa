import Foundation
import RunbookCore
import Testing
import TestSupport

@Suite("runbook run on real sshd hosts", .serialized)
struct RunEndToEndTests {
    static let fiveHosts = """
    # Five hosts

    ## 1. Markers

    On 10.0.0.1 - 10.0.0.5 (all five):

    ```bash
    echo "1/1 $RUNBOOK_TEST_HOST" >> /mnt/data/markers
    date +%s.%N > /mnt/data/start-1
    sleep 2
    date +%s.%N > /mnt/data/end-1
    ```

    ## 2. Two of them

    On 10.0.0.2 and 10.0.0.4:

    ```bash
    date +%s.%N > /mnt/data/start-2
    echo "2/1 $RUNBOOK_TEST_HOST" >> /mnt/data/markers
    ```
    """

    @Test("5 hosts: each command ran on exactly its hosts, a block's hosts overlapped, blocks stayed in order")
    func fanOut() async throws {
        let names = (1...5).map { "10.0.0.\($0)" }
        try await TestHosts.with(count: 5, names: names) { hosts in
            let dir = try workspace(guide: Self.fiveHosts)
            let result = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: dir)
            #expect(result.status == 0, "\(result.output)")
            var starts: [Double] = [], ends: [Double] = [], secondStarts: [Double] = []
            for (index, host) in hosts.hosts.enumerated() {
                let markers = try String(contentsOf: host.mntData.appending(path: "markers"), encoding: .utf8)
                let expected = ["1/1 \(host.name)"] + ([1, 3].contains(index) ? ["2/1 \(host.name)"] : [])
                #expect(markers.split(separator: "\n").map(String.init) == expected)
                starts.append(try number(host.mntData.appending(path: "start-1")))
                ends.append(try number(host.mntData.appending(path: "end-1")))
                if let second = try? number(host.mntData.appending(path: "start-2")) { secondStarts.append(second) }
            }
            // Every host had started block 1 before any host finished it: they ran at the same time.
            #expect(starts.max()! < ends.min()!)
            // Block 2 started on its hosts only after block 1 ended everywhere.
            #expect(secondStarts.count == 2 && secondStarts.min()! > ends.max()!)
        }
    }

    @Test("a failing command stops the run with exit 1; --keep-going runs the rest and the recap shows both")
    func failure() async throws {
        try await TestHosts.with(count: 2, names: ["10.0.0.1", "10.0.0.2"]) { hosts in
            let dir = try workspace(guide: """
            ## 1. Prepare

            On 10.0.0.1 and 10.0.0.2:

            ```bash
            echo "checking on $RUNBOOK_TEST_HOST"
            [ "$RUNBOOK_TEST_HOST" != h2 ] || { echo "disk full on h2" >&2; exit 1; }
            ```

            ## 2. Later

            On 10.0.0.1:

            ```bash
            touch /mnt/data/later
            ```
            """)
            let stopped = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: dir)
            #expect(stopped.status == 1)
            #expect(stopped.output.contains("disk full on h2"))
            #expect(stopped.output.contains("10.0.0.2") && stopped.output.contains("failed"))
            #expect(!FileManager.default.fileExists(atPath: hosts.hosts[0].mntData.appending(path: "later").path))

            let going = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes", "--keep-going"], in: dir)
            #expect(going.status == 1)
            #expect(FileManager.default.fileExists(atPath: hosts.hosts[0].mntData.appending(path: "later").path))
            let recap = try CLI.recap(going.output)
            #expect(recap.contains("10.0.0.2 failed") && recap.contains("10.0.0.1 ok"))
        }
    }

    @Test("a host whose sshd is down is unreachable: exit 4, not a command failure")
    func unreachable() async throws {
        try await TestHosts.with(count: 1, names: ["10.0.0.1"]) { hosts in
            let dir = try workspace(guide: "On 10.0.0.1:\n\n```bash\ntrue\n```\n")
            try hosts.stop()
            let result = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: dir)
            #expect(result.status == 4, "\(result.output)")
            #expect(result.output.contains("unreachable"))
            let ends = try journalRecords(dir).filter { $0["event"] as? String == "step-end" }
            #expect(ends.first?["status"] as? String == "unreachable")
        }
    }

    @Test("Ctrl-C during a long step on 3 hosts: exit 130, nothing of the step left on any host, recorded")
    func interrupt() async throws {
        let marker = "rbint\(UUID().uuidString.prefix(6))"
        try await TestHosts.with(count: 3, names: ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) { hosts in
            let dir = try workspace(guide: """
            On 10.0.0.1 - 10.0.0.3:

            ```bash
            sleep 300 # \(marker)
            ```
            """)
            let (process, pipe) = try CLI.start(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: dir)
            // The step runs as `bash -s` reading its text; its `sleep 300` children are what must go.
            let running = try await Probe.eventually { try Probe.pids(matching: "sleep 300").count >= 3 }
            #expect(running)
            kill(process.processIdentifier, SIGINT)
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 130, "\(output)")
            let gone = try await Probe.eventually(attempts: 50) { try Probe.pids(matching: "sleep 300").isEmpty }
            #expect(gone)
            let ends = try journalRecords(dir).filter { $0["event"] as? String == "step-end" }
            #expect(ends.count == 3 && ends.allSatisfy { $0["status"] as? String == "interrupted" })
        }
    }

    @Test("an inventory address rewrite changes the guide's IP in step text, and the plan shows it")
    func addressRewrite() async throws {
        try await TestHosts.with(count: 1, names: ["10.0.0.1"]) { hosts in
            let inventory = try String(contentsOf: hosts.inventory, encoding: .utf8)
                .replacingOccurrences(of: "\"10.0.0.1\": {", with: "\"10.0.0.1\": { address: \(hosts.hosts[0].address),")
            let rewritten = hosts.directory.appending(path: "rewrite.yaml")
            try inventory.write(to: rewritten, atomically: true, encoding: .utf8)
            let dir = try workspace(guide: "On 10.0.0.1:\n\n```bash\necho \"connect to 10.0.0.1:19530\" > /mnt/data/target\n```\n")
            let plan = try CLI.run(["plan", "guide.md", "-i", rewritten.path], in: dir)
            #expect(plan.output.contains("rewrite 10.0.0.1 → \(hosts.hosts[0].address)"), "\(plan.output)")
            let result = try CLI.run(["run", "guide.md", "-i", rewritten.path, "--yes"], in: dir)
            #expect(result.status == 0, "\(result.output)")
            let target = try String(contentsOf: hosts.hosts[0].mntData.appending(path: "target"), encoding: .utf8)
            #expect(target == "connect to \(hosts.hosts[0].address):19530\n")
        }
    }

    @Test("a full disk stops the run (exit 2) with a clean journal: no half record, the chain intact")
    func journalOnFullDisk() throws {
        let disk = try scratchDirectory("rb-full")
        defer { _ = try? Probe.run(["umount", disk.path]); try? FileManager.default.removeItem(at: disk) }
        let mounted = try Probe.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", disk.path])
        try #require(mounted.status == 0, "this test needs root to mount a small tmpfs: \(mounted.output)")
        let guide = "# Many\n" + (1...200).map { "\n## \($0). Step\n\n```bash\necho \(String(repeating: "x", count: 50))\n```\n" }.joined()
        let dir = try workspace(guide: guide)
        let result = try CLI.run(["run", "guide.md", "--yes", "--log-dir", disk.appending(path: "logs").path], in: dir)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains("the journal cannot be written") && result.output.contains("No space left on device"))
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: disk.appending(path: "logs").path).first { !$0.hasPrefix(".") })
        let audit = try CLI.run(["audit", "verify", run, "--log-dir", disk.appending(path: "logs").path], in: dir)
        #expect(audit.status == 0 && audit.output.contains("hash chain intact"), "\(audit.output)")
        let journal = try Data(contentsOf: disk.appending(path: "logs/\(run)/journal.jsonl"))
        #expect(journal.last == UInt8(ascii: "\n"))
    }

    /// Runs `runbook args…` on a pseudo-terminal (util-linux `script`), typing `answers`.
    private func onTerminal(_ args: [String], answers: String, in dir: URL) throws -> (status: Int32, output: String) {
        let command = ([CLI.binary.path] + args).map { "'\($0)'" }.joined(separator: " ")
        // The answers wait in the terminal's input queue until runbook asks for them.
        let input = dir.appending(path: "answers-\(UUID().uuidString.prefix(6))")
        try answers.write(to: input, atomically: true, encoding: .utf8)
        return try Probe.run(["sh", "-c", "cd '\(dir.path)' && script -qec \"\(command)\" /dev/null < '\(input.path)'"])
    }

    @Test("on a terminal, run asks before starting and --step before each step; a no stops there (exit 3)")
    func confirmations() throws {
        let dir = try workspace(guide: "## 1. A\n\n```bash\ntouch a\n```\n\n## 2. B\n\n```bash\ntouch b\n```\n")
        let declined = try onTerminal(["run", "guide.md"], answers: "n\n", in: dir)
        #expect(declined.status == 3 && declined.output.contains("Run 2 steps of guide.md on 1 hosts? [y/N]"))
        #expect(!FileManager.default.fileExists(atPath: dir.appending(path: "a").path))

        let stepped = try onTerminal(["run", "guide.md", "--step", "--yes"], answers: "y\nn\n", in: dir)
        #expect(stepped.status == 3, "\(stepped.output)")
        #expect(stepped.output.contains("run 1/1 (L3") && stepped.output.contains("run 2/1 (L9"))
        #expect(FileManager.default.fileExists(atPath: dir.appending(path: "a").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appending(path: "b").path))
        #expect(stepped.output.contains("the operator declined 2/1"))
    }

    private func number(_ url: URL) throws -> Double {
        try #require(Double(try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
