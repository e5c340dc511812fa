import Foundation
import RunbookCore
import Testing
import TestSupport

/// One shell session per host (SPEC section 12), with the built binary: what a step does to its
/// shell (cd, export, plain assignments, umask) is there in the next step on the same host, and only
/// there; the journal records it, so a resume, `--from` and `--only` start where a full run would be.
@Suite("per-host sessions", .serialized)
struct SessionEndToEndTests {
    /// The two-block guide, in a folder of the test's own.
    static func twoBlocks(_ folder: String) -> String {
        """
        # App

        ## 1. Prepare

        ```bash
        mkdir -p \(folder)/opt/app && cd \(folder)/opt/app
        export APP_VER=1.2.3
        echo prepared >> \(folder)/prepared
        ```

        ## 2. Use

        ```bash
        test -f \(folder)/go || sleep 60
        pwd
        echo "version=$APP_VER"
        ```

        ## 3. Transcript

        ```console
        $ cd /tmp
        $ pwd
        /tmp
        ```

        ## 4. Python

        ```python
        import os
        print("python in", os.getcwd(), "with", os.environ.get("APP_VER"))
        ```
        """
    }

    static func log(_ directory: URL, _ name: String) throws -> String {
        let logs = directory.appending(path: "logs")
        let run = try #require(runDirectories(logs).last)
        return try String(contentsOf: logs.appending(path: "\(run)/out/\(name).log"), encoding: .utf8)
    }

    @Test("on the control machine: cd and export carry to the next block, a transcript's cd to its next command, cwd and env to python")
    func local() throws {
        let directory = try workspace(guide: "")
        try Self.twoBlocks(directory.path).write(to: directory.appending(path: "guide.md"), atomically: true, encoding: .utf8)
        try "".write(to: directory.appending(path: "go"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", "guide.md", "--yes"], in: directory)
        #expect(run.status == 0, "\(run.output)")
        let use = try Self.log(directory, "2_1@local")
        #expect(use.contains("\(directory.path)/opt/app\n") && use.contains("version=1.2.3\n"), "\(use)")
        #expect(try Self.log(directory, "3_1@local").contains("/tmp\n"))
        #expect(try Self.log(directory, "4_1@local").contains("python in /tmp with 1.2.3"))
        let plan = try CLI.run(["plan", "guide.md"], in: directory)
        #expect(plan.output.contains("inherits cwd \(directory.path)/opt/app from 1/1 L6, APP_VER from 1/1 L7"), "\(plan.output)")
    }

    @Test("kill -9 between the steps, then --resume: step 2 prints the same, from the journaled session; step 1 does not run again")
    func killedThenResumed() async throws {
        let directory = try workspace(guide: "")
        try Self.twoBlocks(directory.path).write(to: directory.appending(path: "guide.md"), atomically: true, encoding: .utf8)
        let (process, pipe) = try CLI.start(["run", "guide.md", "--yes"], in: directory)
        // Step 2 waits for `go`: kill the runner while it does.
        let waiting = await Probe.eventually {
            ((try? journalRecords(directory)) ?? []).contains { $0["event"] as? String == "step-start" && $0["step"] as? String == "2/1" }
        }
        #expect(waiting)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        _ = pipe.fileHandleForReading.readDataToEndOfFile()
        _ = try? Probe.run(["pkill", "-KILL", "-f", "test -f \(directory.path)/go"])
        try "".write(to: directory.appending(path: "go"), atomically: true, encoding: .utf8)

        let resumed = try CLI.run(["run", "guide.md", "--yes", "--resume"], in: directory)
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("2/1@local"), "the killed pair is reported unknown and runs again: \(resumed.output)")
        let use = try Self.log(directory, "2_1@local")
        #expect(use.contains("\(directory.path)/opt/app\n") && use.contains("version=1.2.3\n"), "\(use)")
        let prepared = try String(contentsOf: directory.appending(path: "prepared"), encoding: .utf8)
        #expect(prepared == "prepared\n", "step 1 ran once")
    }

    @Test("--from and --only start from the session the latest run journaled; session=fresh opts a step out")
    func fromAndOnly() throws {
        let directory = try workspace(guide: "")
        try "".write(to: directory.appending(path: "go"), atomically: true, encoding: .utf8)
        let guide = Self.twoBlocks(directory.path) + """

            ## 5. Fresh

            <!-- runbook: session=fresh -->
            ```bash
            echo "fresh=${APP_VER:-unset} in $PWD"
            ```
            """
        try guide.write(to: directory.appending(path: "guide.md"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["run", "guide.md", "--yes"], in: directory).status == 0)
        #expect(try Self.log(directory, "5_1@local").contains("fresh=unset in \(directory.path)\n"))
        for flags in [["--from", "2/1"], ["--only", "2/1"]] {
            let run = try CLI.run(["run", "guide.md", "--yes"] + flags, in: directory)
            #expect(run.status == 0, "\(run.output)")
            let use = try Self.log(directory, "2_1@local")
            #expect(use.contains("\(directory.path)/opt/app\n") && use.contains("version=1.2.3\n"), "\(flags): \(use)")
        }
        let prepared = try String(contentsOf: directory.appending(path: "prepared"), encoding: .utf8)
        #expect(prepared == "prepared\n", "step 1 never ran again")
    }

    @Test("a set -e failure mid-step: the journal holds the session up to the failure; secrets exported are masked in journal and logs")
    func failureAndSecrets() throws {
        let directory = try workspace(guide: """
            # Fail

            ## 1. Half

            ```bash
            export A=1
            export API_TOKEN="tok-$((6 * 7))-$(echo xyzzy)"
            cd /tmp
            false
            export B=2
            ```

            ## 2. Next

            ```bash
            echo "token is $API_TOKEN"
            ```
            """)
        let run = try CLI.run(["run", "guide.md", "--yes", "--keep-going"], in: directory)
        #expect(run.status == 1)
        let end = try #require(try journalRecords(directory).first { $0["event"] as? String == "step-end" && $0["step"] as? String == "1/1" })
        let state = try #require(end["state_end"] as? [String: Any])
        let variables = try #require(state["variables"] as? [String: String])
        #expect(state["cwd"] as? String == "/tmp")
        #expect(variables["A"] == "1" && variables["B"] == nil && variables["API_TOKEN"] == "****")
        #expect(try Self.log(directory, "2_1@local").contains("token is ****"), "the session has the real value; the log masks it")
        let secret = "tok-42-xyzzy"
        let files = FileManager.default.enumerator(atPath: directory.appending(path: "logs").path)!.compactMap { $0 as? String }
        for file in files {
            let text = (try? String(contentsOf: directory.appending(path: "logs/\(file)"), encoding: .utf8)) ?? ""
            #expect(!text.contains(secret), "\(file) holds the secret in clear")
        }
        #expect(!run.output.contains(secret))
    }

    @Test("on loopback sshd hosts: the two-block guide runs; state set on one host is not seen on another")
    func overSSH() async throws {
        try await TestHosts.with(count: 2, firstOctet: 70) { hosts in
            let folder = "/mnt/data/s"
            let guide = Self.twoBlocks(folder).replacing("# App\n", with: "# App\n\n<!-- runbook: hosts=h1 -->\n") + """

                ## 5. Both

                <!-- runbook: hosts=h1,h2 -->
                ```bash
                echo "ver=${APP_VER:-unset} cwd=$PWD"
                ```
                """
            let directory = try workspace(guide: guide.replacing("## 2. Use", with: "## 2. Use\n\n<!-- runbook: hosts=h1 -->")
                .replacing("## 3. Transcript", with: "## 3. Transcript\n\n<!-- runbook: hosts=h1 -->")
                .replacing("## 4. Python", with: "## 4. Python\n\n<!-- runbook: hosts=h1 -->")
                .replacing("## 1. Prepare", with: "## 1. Prepare\n\n<!-- runbook: hosts=h1 -->"))
            try FileManager.default.createDirectory(at: hosts.hosts[0].mntData.appending(path: "s"), withIntermediateDirectories: true)
            try "".write(to: hosts.hosts[0].mntData.appending(path: "s/go"), atomically: true, encoding: .utf8)
            let run = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: directory)
            #expect(run.status == 0, "\(run.output)")
            let use = try Self.log(directory, "2_1@h1")
            #expect(use.contains("\(folder)/opt/app\n") && use.contains("version=1.2.3\n"), "\(use)")
            #expect(try Self.log(directory, "3_1@h1").contains("/tmp\n"))
            #expect(try Self.log(directory, "4_1@h1").contains("python in /tmp with 1.2.3"))
            #expect(try Self.log(directory, "5_1@h1").contains("ver=1.2.3 cwd=/tmp"))
            let other = try Self.log(directory, "5_1@h2")
            #expect(other.contains("ver=unset") && !other.contains("cwd=/tmp"), "\(other)")
        }
    }
}
