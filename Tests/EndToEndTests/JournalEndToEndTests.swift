import Foundation
import RunbookCore
import Testing
import TestSupport

/// SPEC §9 end to end, with the built binary on loopback sshd hosts: kill -9 at random moments and
/// resume, resume after an edit, pinned plans that refuse without connecting, tamper detection by
/// `audit verify`, and the HTML report.
@Suite("journal, resume, pinned plans, audit and report, end to end", .serialized)
struct JournalEndToEndTests {
    static let threeHosts = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]

    /// 3 sections × 10 blocks on 3 hosts: each block appends `STEP@HOST` to the host's
    /// /mnt/data/markers, then sleeps a little (so kills often land while a step is in flight).
    /// No heading says Check/Verify/Health (those steps would be retried).
    static let tortureGuide: String = {
        var text = "# Thirty steps\n"
        for section in 1...3 {
            text += "\n## \(section). Part \(section)\n\nOn 10.0.0.1 - 10.0.0.3:\n"
            for block in 1...10 {
                text += "\n```bash\necho \"\(section)/\(block)@$RUNBOOK_TEST_HOST\" >> /mnt/data/markers\nsleep 0.1\n```\n"
            }
        }
        return text
    }()

    static var tortureSteps: [String] { (1...3).flatMap { s in (1...10).map { "\(s)/\($0)" } } }

    // MARK: - 1. kill -9 at random moments, resume until done

    @Test("kill -9 at random moments, resume until done: every (step, host) ran once, plus once per kill that caught it in flight (reported unknown); every journal verifies")
    func crashTorture() async throws {
        try await TestHosts.with(count: 3, names: Self.threeHosts) { hosts in
            let dir = try workspace(guide: Self.tortureGuide)
            let logs = dir.appending(path: "logs")
            var generator = SplitMix(seed: 0x5EED_0009)
            var rounds: [Round] = []
            var finished = false
            let killRounds = 16
            for index in 0...killRounds {
                // A resume needs an earlier run with a run-start record; until one exists, start afresh.
                let resume = !Self.startedRuns(logs).isEmpty
                let args = ["run", "guide.md", "-i", hosts.inventory.path, "--yes"] + (resume ? ["--resume"] : [])
                let staleLockBefore = Self.lockFiles(logs).isEmpty == false
                let before = Set(runDirectories(logs))
                let outputFile = dir.appending(path: "round-\(index).out")
                let process = try CLI.spawn(args, in: dir, output: outputFile)
                let last = index == killRounds
                if !last {
                    // Kill after a random number of pairs have started (not after a random time, so the
                    // number of kills does not depend on the machine's speed), a random few ms into the step.
                    // The wait blocks this thread (usleep) instead of suspending: with other suites holding
                    // the cooperative threads, a suspended task could wake only after the run had ended.
                    let target = Int.random(in: 1...4, using: &generator)
                    let slack = Int.random(in: 0...80, using: &generator)
                    for _ in 0..<600 where process.isRunning {
                        let started = Set(runDirectories(logs)).subtracting(before).first.map { run in
                            journalRecords(of: (try? Data(contentsOf: logs.appending(path: "\(run)/journal.jsonl"))) ?? Data())
                                .filter { $0["event"] as? String == "step-start" }.count
                        } ?? 0
                        if started >= target { break }
                        usleep(10_000)
                    }
                    usleep(useconds_t(slack * 1000))
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                }
                process.waitUntilExit()
                let killed = process.terminationReason == .uncaughtSignal
                let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
                let created = Set(runDirectories(logs)).subtracting(before)
                #expect(created.count <= 1, "round \(index) made several run directories: \(created)")
                rounds.append(Round(index: index, resume: resume, killed: killed, status: process.terminationStatus,
                                    output: output, run: created.first, staleLockBefore: staleLockBefore))
                if !killed {
                    #expect(process.terminationStatus == 0, "round \(index) (\(args.joined(separator: " "))) exited \(process.terminationStatus):\n\(output)")
                    finished = process.terminationStatus == 0
                    break
                }
            }
            #expect(finished, "no resume ran to the end")
            let kills = rounds.filter(\.killed).count
            #expect(kills >= 5, "only \(kills) rounds were killed: the torture did not torture")

            // Journals of every run, in the order the rounds made them.
            var inFlight: [String: Set<String>] = [:]     // run id → "step@host" started and never ended
            var resumes: [String: String] = [:]           // run id → the run it resumed
            var startedRunsSoFar: [String] = []
            for round in rounds {
                guard let run = round.run else { continue }
                let journal = logs.appending(path: "\(run)/journal.jsonl")
                let bytes = (try? Data(contentsOf: journal)) ?? Data()
                // One write(2) per record: a kill -9 never leaves a torn record.
                #expect(bytes.isEmpty || bytes.last == UInt8(ascii: "\n"), "run \(run)'s journal ends mid-record after a kill -9")
                let records = journalRecords(of: bytes)
                if let start = records.first, start["event"] as? String == "run-start" {
                    if let resumed = start["resumes"] as? String {
                        resumes[run] = resumed
                        // --resume takes the latest run of the guide: the newest run made before this one.
                        #expect(resumed == startedRunsSoFar.last,
                                "run \(run) (round \(round.index)) resumed \(resumed), but the latest earlier run is \(startedRunsSoFar.last ?? "none") (runs: \(startedRunsSoFar))")
                    } else {
                        #expect(startedRunsSoFar.isEmpty, "round \(round.index) started afresh although run \(startedRunsSoFar.last ?? "") existed")
                    }
                    startedRunsSoFar.append(run)
                }
                inFlight[run] = Self.startedWithoutEnd(records)
                // Every journal, cut by kill -9 or not, verifies.
                let audit = try CLI.run(["audit", "verify", run], in: dir)
                #expect(audit.status == 0, "audit verify \(run) (round \(round.index), killed: \(round.killed)): \(audit.output)")
            }

            // Each run that resumed R and got to print its plan lists R's in-flight pairs as unknown, and
            // nothing else than pairs left in flight by R or the runs R resumed.
            var reportedUnknown = Set<String>()
            for round in rounds {
                guard let run = round.run, let resumed = resumes[run],
                      round.output.contains("resuming run \(resumed)") else { continue }
                let unknown = Self.unknownPairs(in: round.output)
                reportedUnknown.formUnion(unknown)
                let own = inFlight[resumed] ?? []
                var chain = Set<String>(), link: String? = resumed
                while let r = link { chain.formUnion(inFlight[r] ?? []); link = resumes[r] }
                #expect(own.isSubset(of: unknown) && unknown.isSubset(of: chain),
                        "run \(run) resumed \(resumed): reported unknown \(unknown.sorted()); in flight in \(resumed): \(own.sorted()); in its chain: \(chain.sorted())")
            }

            // Every (step, host) ran exactly once, plus once more per kill that caught it in flight.
            for host in hosts.hosts {
                let lines = try String(contentsOf: host.mntData.appending(path: "markers"), encoding: .utf8)
                    .split(separator: "\n").map(String.init)
                let counts = Dictionary(lines.map { ($0, 1) }, uniquingKeysWith: +)
                #expect(Set(counts.keys) == Set(Self.tortureSteps.map { "\($0)@\(host.name)" }), "\(host.name): \(counts.keys.sorted())")
                for step in Self.tortureSteps {
                    let count = counts["\(step)@\(host.name)"] ?? 0
                    let pair = "\(step)@\(host.inventoryName)"
                    let caught = inFlight.values.filter { $0.contains(pair) }.count
                    #expect(count >= 1 && count <= 1 + caught, "\(pair) ran \(count) times, in flight at \(caught) kill(s)")
                    if count > 1 {
                        #expect(reportedUnknown.contains(pair), "\(pair) ran \(count) times but no resumed run reported it as unknown")
                    }
                }
            }

            // A kill -9 leaves the lock behind; the next run recognises it as stale and removes it.
            for (previous, round) in zip(rounds, rounds.dropFirst()) where previous.killed && round.staleLockBefore {
                #expect(round.output.contains("removing a stale lock"), "round \(round.index) did not report the stale lock:\n\(round.output)")
                #expect(!round.output.contains("holds the lock"))
            }
            #expect(Self.lockFiles(logs).isEmpty, "a lock is left after the last run: \(Self.lockFiles(logs))")
            let finalRun = try #require(rounds.last?.run)
            let finalRecords = try journalRecords(of: Data(contentsOf: logs.appending(path: "\(finalRun)/journal.jsonl")))
            #expect(finalRecords.last?["event"] as? String == "run-end" && finalRecords.last?["result"] as? String == "ok")
        }
    }

    @Test("a resume killed right after its run-start record still knows what the run it resumed had done")
    func resumeOfAResumeKilledEarly() async throws {
        try await TestHosts.with(count: 1, names: ["10.0.0.1"]) { hosts in
            let host = hosts.hosts[0]
            let dir = try workspace(guide: """
            ## 1. Markers

            On 10.0.0.1:

            ```bash
            echo "1/1@$RUNBOOK_TEST_HOST" >> /mnt/data/markers
            ```

            ```bash
            echo "1/2@$RUNBOOK_TEST_HOST" >> /mnt/data/markers
            ```
            """)
            let first = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: dir)
            #expect(first.status == 0, "\(first.output)")
            // Run ids have one-second resolution; keep the next run's id after this one's.
            try await Task.sleep(for: .milliseconds(1100))
            let second = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes", "--resume"], in: dir)
            #expect(second.status == 0, "\(second.output)")
            #expect(try markers(host) == ["1/1@h1", "1/2@h1"])
            // What a kill -9 of the second run leaves if it lands right after its run-start record
            // (each record is fsynced as it is written, so this prefix is exactly what survives).
            let runs = runDirectories(dir.appending(path: "logs"))
            try #require(runs.count == 2)
            let journal = dir.appending(path: "logs/\(runs[1])/journal.jsonl")
            let firstLine = try #require(try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").first)
            #expect(firstLine.contains("\"resumes\":\"\(runs[0])\""))
            try (firstLine + "\n").write(to: journal, atomically: true, encoding: .utf8)

            let third = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes", "--resume"], in: dir)
            #expect(third.status == 0, "\(third.output)")
            #expect(try markers(host) == ["1/1@h1", "1/2@h1"], "steps done in \(runs[0]) ran again:\n\(third.output)")
        }
    }

    // MARK: - 2. Edit a completed step, resume

    @Test("editing a completed step and resuming runs that step again, reported as changed; untouched done steps do not run")
    func editAndResume() async throws {
        try await TestHosts.with(count: 2, names: ["10.0.0.1", "10.0.0.2"]) { hosts in
            let guide = """
            # Edit

            ## 1. Setup

            On 10.0.0.1 and 10.0.0.2:

            ```bash
            echo "1/1@$RUNBOOK_TEST_HOST" >> /mnt/data/markers
            ```

            ```bash
            echo "1/2@$RUNBOOK_TEST_HOST" >> /mnt/data/markers
            ```

            ```bash
            echo "1/3@$RUNBOOK_TEST_HOST" >> /mnt/data/markers
            ```
            """
            let dir = try workspace(guide: guide)
            let first = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: dir)
            #expect(first.status == 0, "\(first.output)")
            for host in hosts.hosts { #expect(try markers(host) == ["1/1", "1/2", "1/3"].map { "\($0)@\(host.name)" }) }

            try guide.replacingOccurrences(of: "echo \"1/2@", with: "echo \"1/2-edited@")
                .write(to: dir.appending(path: "guide.md"), atomically: true, encoding: .utf8)
            let resumed = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes", "--resume"], in: dir)
            #expect(resumed.status == 0, "\(resumed.output)")
            let changedLine = resumed.output.split(separator: "\n").first { $0.contains("changed since") }
            #expect(changedLine?.contains("1/2") == true && changedLine?.contains("1/1") == false && changedLine?.contains("1/3") == false,
                    "\(resumed.output)")
            for host in hosts.hosts {
                #expect(try markers(host) == ["1/1", "1/2", "1/3", "1/2-edited"].map { "\($0)@\(host.name)" })
            }
            let ends = try journalRecords(dir).filter { $0["event"] as? String == "step-end" }
            let status = Dictionary(ends.map { ("\($0["step"] ?? "")@\($0["host"] ?? "")", $0["status"] as? String ?? "") }, uniquingKeysWith: { $1 })
            for host in hosts.hosts.map(\.inventoryName) {
                #expect(status["1/1@\(host)"] == "done" && status["1/3@\(host)"] == "done" && status["1/2@\(host)"] == "ok", "\(status)")
            }

            // Resuming the resume: everything is done, nothing runs.
            try await Task.sleep(for: .milliseconds(1100))   // keep run ids (1 s resolution) in order
            let again = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes", "--resume"], in: dir)
            #expect(again.status == 0, "\(again.output)")
            #expect(!again.output.contains("changed since"), "\(again.output)")
            for host in hosts.hosts {
                #expect(try markers(host) == ["1/1", "1/2", "1/3", "1/2-edited"].map { "\($0)@\(host.name)" })
            }
        }
    }

    // MARK: - 3. Pinned plans

    @Test("run --plan refuses a changed guide, inventory or uploaded file with exit 3 and no ssh connection; unchanged, it runs")
    func pinnedPlanRefusals() async throws {
        try await TestHosts.with(count: 1, names: ["10.0.0.1"]) { hosts in
            let host = hosts.hosts[0]
            let guide = """
            # Pinned

            ## 1. Config

            Copy [app.conf](./app.conf) to 10.0.0.1:/mnt/data/app.

            On 10.0.0.1:

            ```bash
            cat /mnt/data/app/app.conf >> /mnt/data/markers
            ```
            """
            let dir = try workspace(guide: guide)
            let conf = dir.appending(path: "app.conf")
            try "listen=8080\n".write(to: conf, atomically: true, encoding: .utf8)
            let inventory = dir.appending(path: "hosts.yaml")
            let inventoryText = try String(contentsOf: hosts.inventory, encoding: .utf8)
            try inventoryText.write(to: inventory, atomically: true, encoding: .utf8)

            let plan = try CLI.run(["plan", "guide.md", "-i", "hosts.yaml", "-o", "plan.json"], in: dir)
            #expect(plan.status == 0, "\(plan.output)")
            let pinned = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appending(path: "plan.json"))) as? [String: Any])
            let files = (pinned["pinned"] as? [String: Any])?["files"] as? [[String: Any]] ?? []
            #expect(files.contains { ($0["path"] as? String ?? "").hasSuffix("app.conf") }, "the upload's source is not pinned: \(pinned["pinned"] ?? "none")")
            let connections = try host.authenticatedConnections()

            let edits: [(what: String, url: URL, original: String, edited: String)] = [
                ("the guide", dir.appending(path: "guide.md"), guide, guide.replacingOccurrences(of: ">> /mnt/data/markers", with: ">> /mnt/data/markers2")),
                ("the inventory", inventory, inventoryText, inventoryText + "# edited after review\n"),
                ("the uploaded file", conf, "listen=8080\n", "listen=8081\n"),
            ]
            for edit in edits {
                try edit.edited.write(to: edit.url, atomically: true, encoding: .utf8)
                let refused = try CLI.run(["run", "--plan", "plan.json", "--yes"], in: dir)
                #expect(refused.status == 3, "\(edit.what) changed, yet: \(refused.output)")
                #expect(refused.output.contains("stale plan: \(edit.what)"), "\(refused.output)")
                #expect(try host.authenticatedConnections() == connections, "a connection was opened although \(edit.what) changed")
                try edit.original.write(to: edit.url, atomically: true, encoding: .utf8)
            }
            #expect(!FileManager.default.fileExists(atPath: host.mntData.appending(path: "app").path))

            // Nothing changed: the plan runs (and the sshd log does see its connection).
            let ran = try CLI.run(["run", "--plan", "plan.json", "--yes"], in: dir)
            #expect(ran.status == 0, "\(ran.output)")
            #expect(try host.authenticatedConnections() > connections)
            #expect(try String(contentsOf: host.mntData.appending(path: "markers"), encoding: .utf8) == "listen=8080\n")
        }
    }

    // MARK: - 4. Tampering

    @Test("audit verify detects a flipped byte, a deleted record and a mid-line truncation, naming the record")
    func tampering() async throws {
        let dir = try workspace(guide: """
        # Local

        ## 1. Steps

        ```bash
        echo one
        ```

        ```bash
        echo two
        ```

        ```bash
        echo three
        ```

        ```bash
        echo four
        ```
        """)
        let run = try CLI.run(["run", "guide.md", "--yes"], in: dir)
        #expect(run.status == 0, "\(run.output)")
        let logs = dir.appending(path: "logs")
        let original = try #require(runDirectories(logs).first)
        let bytes = try [UInt8](Data(contentsOf: logs.appending(path: "\(original)/journal.jsonl")))
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map(Array.init)
        try #require(lines.count >= 9, "too short a journal to tamper with its middle: \(lines.count) records")
        let k = lines.count / 2 + 1                       // a middle record's seq (lines are 1-based)
        let clean = try CLI.run(["audit", "verify", original], in: dir)
        #expect(clean.status == 0 && clean.output.contains("ok: \(lines.count) records"), "\(clean.output)")

        func tampered(_ name: String, _ body: (inout [UInt8]) throws -> Void) throws -> (status: Int32, output: String) {
            let copy = logs.appending(path: name)
            try FileManager.default.copyItem(at: logs.appending(path: original), to: copy)
            var data = bytes
            try body(&data)
            try Data(data).write(to: copy.appending(path: "journal.jsonl"))
            return try CLI.run(["audit", "verify", name], in: dir)
        }
        func offset(ofLine seq: Int) -> Int { lines.prefix(seq - 1).reduce(0) { $0 + $1.count + 1 } }

        // One bit of one byte of record k's time (a digit stays a digit: still valid JSON).
        let flip = try tampered("tamper-flip") { data in
            let line = String(decoding: lines[k - 1], as: UTF8.self)
            let z = try #require(line.range(of: "Z\",\"event\""))
            let index = offset(ofLine: k) + line.utf8.distance(from: line.startIndex, to: z.lowerBound) - 1
            data[index] ^= 0x01
        }
        #expect(flip.status != 0, "\(flip.output)")
        #expect(flip.output.contains("record \(k):") && flip.output.contains("edited"), "\(flip.output)")

        // One byte that breaks the record's JSON.
        let broken = try tampered("tamper-break") { data in data[offset(ofLine: k)] ^= 0x01 }
        #expect(broken.status != 0)
        #expect(broken.output.contains("record \(k):"), "\(broken.output)")

        let deleted = try tampered("tamper-delete") { data in
            data.removeSubrange(offset(ofLine: k)..<(offset(ofLine: k) + lines[k - 1].count + 1))
        }
        #expect(deleted.status != 0, "\(deleted.output)")
        #expect(deleted.output.contains("record \(k):") && deleted.output.contains("missing"), "\(deleted.output)")

        let truncated = try tampered("tamper-truncate") { data in
            data.removeSubrange((offset(ofLine: k) + lines[k - 1].count / 2)...)
        }
        #expect(truncated.status != 0, "\(truncated.output)")
        #expect(truncated.output.contains("record \(k):") && truncated.output.contains("torn"), "\(truncated.output)")
    }

    // MARK: - 6. HTML report

    static let reportGuide = """
    # Report

    ## 1. Install

    On 10.0.0.1 and 10.0.0.2:

    ```bash
    echo "hello from $RUNBOOK_TEST_HOST"
    ```

    ## 2. Configure

    On 10.0.0.1 and 10.0.0.2:

    ```bash
    [ "$RUNBOOK_TEST_HOST" != h2 ] || { echo "no space left on h2" >&2; exit 1; }
    ```

    ## 3. Start

    On 10.0.0.1 and 10.0.0.2:

    ```bash
    echo started
    ```
    """

    /// (step, host) → verdict the report must show for `reportGuide` run with --keep-going.
    static let reportExpected: [String: String] = [
        "1/1@10.0.0.1": "ok", "1/1@10.0.0.2": "ok", "2/1@10.0.0.1": "ok", "2/1@10.0.0.2": "failed",
        "3/1@10.0.0.1": "ok", "3/1@10.0.0.2": "ok",
    ]

    /// Runs `reportGuide` and writes its report; returns the workspace and the report's path.
    private func makeReport(_ hosts: TestHosts) throws -> (URL, URL) {
        let dir = try workspace(guide: Self.reportGuide)
        let run = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes", "--keep-going"], in: dir)
        #expect(run.status == 1, "\(run.output)")
        let id = try #require(runDirectories(dir.appending(path: "logs")).first)
        let report = dir.appending(path: "report.html")
        let written = try CLI.run(["report", id, "--html", report.path], in: dir)
        #expect(written.status == 0, "\(written.output)")
        return (dir, report)
    }

    @Test("report --html: one self-contained file, every step with its per-host verdict next to its block")
    func htmlReport() async throws {
        try await TestHosts.with(count: 2, names: ["10.0.0.1", "10.0.0.2"]) { hosts in
            let (_, report) = try makeReport(hosts)
            let html = try String(contentsOf: report, encoding: .utf8)
            #expect(Self.rows(in: html) == Self.reportExpected, "\(Self.rows(in: html))")
            // Self-contained: no external scripts, styles, images or fonts.
            for pattern in [#"\bsrc\s*="#, #"<link\b"#, #"href\s*=\s*["']?(https?:)?//"#, #"url\(\s*["']?(https?:)?//"#, #"@import"#] {
                #expect(html.range(of: pattern, options: [.regularExpression, .caseInsensitive]) == nil, "external asset: \(pattern)")
            }
            // The executed document: the guide's prose, each block's rows right after it, output inline.
            let positions = ["Install", "data-step=\"1/1\"", "Configure", "data-step=\"2/1\"", "Start", "data-step=\"3/1\""]
                .map { html.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil } && zip(positions, positions.dropFirst()).allSatisfy { $0! < $1! }, "blocks and results out of order")
            #expect(html.contains("hello from h1") && html.contains("hello from h2") && html.contains("no space left on h2"))
            #expect(html.contains("id=\"rb-result\">failed<"))
        }
    }

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("the report renders in a real browser: headless Chromium's DOM has every (step, host) row",
          .enabled(if: chromium != nil, "Chromium is not installed (apt-get install chromium)"))
    func reportInChromium() async throws {
        try await TestHosts.with(count: 2, names: ["10.0.0.1", "10.0.0.2"]) { hosts in
            let (dir, report) = try makeReport(hosts)
            let profile = dir.appending(path: "chromium-profile")
            // No network at all: every host name resolves to nothing, and any proxy use goes to a dead loopback port.
            let dump = try Probe.run([try #require(Self.chromium), "--headless", "--no-sandbox", "--disable-gpu",
                                      "--disable-background-networking", "--disable-component-update", "--no-first-run",
                                      "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                                      "--user-data-dir=\(profile.path)", "--dump-dom", report.absoluteString])
            #expect(dump.status == 0)
            let dom = try #require(dump.output.range(of: "<html").map { String(dump.output[$0.lowerBound...]) }, "no DOM in: \(dump.output.prefix(2000))")
            #expect(Self.rows(in: dom) == Self.reportExpected, "\(Self.rows(in: dom))")
        }
    }

    // MARK: - Helpers

    struct Round {
        var index: Int
        var resume: Bool
        var killed: Bool
        var status: Int32
        var output: String
        /// The run directory this round made, if it got that far.
        var run: String?
        var staleLockBefore: Bool
    }

    static func lockFiles(_ logs: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).filter { $0.hasPrefix(".lock-") }
    }

    /// Runs whose journal starts with a run-start record.
    static func startedRuns(_ logs: URL) -> [String] {
        runDirectories(logs).filter { run in
            let data = (try? Data(contentsOf: logs.appending(path: "\(run)/journal.jsonl"))) ?? Data()
            return journalRecords(of: data).first?["event"] as? String == "run-start"
        }
    }

    /// `step@host` pairs with a step-start and no step-end after it.
    static func startedWithoutEnd(_ records: [[String: Any]]) -> Set<String> {
        var open = Set<String>()
        for record in records {
            guard let step = record["step"] as? String, let host = record["host"] as? String else { continue }
            switch record["event"] as? String {
            case "step-start": open.insert("\(step)@\(host)")
            case "step-end": open.remove("\(step)@\(host)")
            default: break
            }
        }
        return open
    }

    /// The pairs a resumed run's output lists as unknown (`unknown — … (run again): 1/3@10.0.0.2, …`).
    static func unknownPairs(in output: String) -> Set<String> {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("unknown") && $0.contains("in flight") }),
              let colon = line.range(of: "): ") else { return [] }
        return Set(line[colon.upperBound...].components(separatedBy: ", ").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// `step@host` → `data-status` of every result row of a report.
    static func rows(in html: String) -> [String: String] {
        var rows: [String: String] = [:]
        let regex = try! NSRegularExpression(pattern: #"<tr\b[^>]*\bdata-step="([^"]*)"[^>]*\bdata-host="([^"]*)"[^>]*\bdata-status="([^"]*)""#)
        for match in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let part = { (i: Int) in String(html[Range(match.range(at: i), in: html)!]) }
            let key = "\(part(1))@\(part(2))"
            // A row twice would be a bug too: keep a marker that fails the comparison.
            rows[key] = rows[key] == nil ? part(3) : "duplicate"
        }
        return rows
    }
}

/// The lines of a host's /mnt/data/markers.
private func markers(_ host: TestHosts.Host) throws -> [String] {
    try String(contentsOf: host.mntData.appending(path: "markers"), encoding: .utf8).split(separator: "\n").map(String.init)
}
