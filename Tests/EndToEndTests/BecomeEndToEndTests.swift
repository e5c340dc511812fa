import Foundation
import RunbookCore
import Testing
import TestSupport

/// A guide that uses `sudo`, run with the built binary over a non-root login on a loopback sshd host
/// (issue #11, must-show 5): with the inventory's `become:` it works, NOPASSWD (`become: sudo`) or
/// with a password (`become: { password: … }`, the value under `secrets:`); without it, or with a
/// wrong password, the step fails at once (sudo never waits for a terminal) with a hint naming the
/// fix. The password is never in a file the run writes, in what `plan`, `plan -i`, the dry-run,
/// `run`, `show` or the report print, or in any process's argv or environment during the run.
///
/// The logins (rbsudo: NOPASSWD, rbsudopw: a password) and their sudoers rules are made by
/// scripts/test-sudo-users.sh, as root; the hosts are `test-hosts.sh --setuid`, whose sandboxes let
/// setuid programs gain their rights (bwrap's no_new_privs would stop sudo). Nothing the logins need
/// lies under the checkout: the guide's text reaches them on stdin.
@Suite("become: the guide's sudo over a non-root login", .serialized,
       .enabled(if: getuid() == 0, "making the test logins and their sudoers rules needs root"))
struct BecomeEndToEndTests {
    /// rbsudopw's own password (set by test-sudo-users.sh); a quote and a `$` test the quoting.
    static let password = "it's-Rb-become-9f2c$x"
    /// What of the password no quoting of it would split: looked for too, so that a quoted leak counts.
    static let fragments = [password, "Rb-become-9f2c"]
    static let wrongPassword = "Wrong-Rb-become-77q"

    static let guide = """
        # Become

        ## 1. Prepare

        <!-- runbook: hosts=h1 -->
        ```bash
        sudo install -d -m 0750 /mnt/data/app
        sudo head -c1 /etc/shadow >/dev/null && echo root-ok
        owner=$(sudo stat -c %U /mnt/data/app)
        echo "owner=$owner"
        ```

        ## 2. Check

        <!-- runbook: hosts=h1 -->
        ```console
        $ sudo id -u
        0
        $ test "$(id -u)" != 0 && echo login-not-root
        login-not-root
        ```

        ## 3. Fresh

        <!-- runbook: hosts=h1 session=fresh -->
        ```bash
        echo "fresh $(sudo id -u)"
        ```

        ## 4. Wait

        <!-- runbook: hosts=h1 -->
        ```bash
        sudo sleep 2 && echo slept
        ```
        """

    /// Makes (or updates) the logins and their sudoers rules; rbsudopw's password goes on stdin.
    static func makeLogins() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo"), "sudo is not installed: run scripts/deps.sh")
        let script = Checkout.root.appending(path: "scripts/test-sudo-users.sh")
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["bash", script.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data((password + "\n").utf8))
        try input.fileHandleForWriting.close()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "test-sudo-users.sh: \(String(decoding: said, as: UTF8.self))")
    }

    /// A workspace with the guide and `hosts.yaml`: the harness's inventory with `user` as the login, plus `extra`.
    static func prepare(_ hosts: TestHosts, user: String, extra: String) throws -> URL {
        let directory = try workspace(guide: guide)
        let inventory = try String(contentsOf: hosts.inventory, encoding: .utf8).replacing("\"root@", with: "\"\(user)@") + extra
        try inventory.write(to: directory.appending(path: "hosts.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    static func log(_ directory: URL, _ name: String) throws -> String {
        let logs = directory.appending(path: "logs")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: logs.path).filter { !$0.hasPrefix(".") }.sorted().last)
        return (try? String(contentsOf: logs.appending(path: "\(run)/out/\(name).log"), encoding: .utf8)) ?? ""
    }

    /// Every regular file under `folder` (but `except`) whose bytes contain `secret`.
    static func files(under folder: URL, containing secret: String, except: Set<String> = []) -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [String] = []
        for case let url as URL in walker where !except.contains(url.lastPathComponent) {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                  let data = try? Data(contentsOf: url) else { continue }
            if data.range(of: Data(secret.utf8)) != nil { found.append(url.path) }
        }
        return found
    }

    /// What the scan of every process's argv and environment saw while a run went on.
    struct ProcessScan: Sendable {
        var leaks: [String] = []
        /// argvs of the sudo processes seen (what sudo was started with).
        var sudos: [String] = []
        var scans = 0
    }

    /// Scans the argv and environment of every process on `host` (its PID namespace: sshd, the
    /// login's shells, sudo, the askpass helper) and of the runbook process `runner` and its children
    /// (the ssh clients) for `secret`, until `running` says the run ended. Synchronous, on this
    /// thread: other tests' blocking waits can starve a task on the cooperative pool.
    static func scanProcesses(for secret: String, host: TestHosts.Host, runner: Int32, while running: () -> Bool) -> ProcessScan {
        var scan = ProcessScan()
        let needle = Data(secret.utf8)
        let fm = FileManager.default
        let initPID = (try? String(contentsOf: host.directory.appending(path: "init.pid"), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let namespace = (try? fm.destinationOfSymbolicLink(atPath: "/proc/\(initPID)/ns/pid")) ?? "?"
        func read(_ path: String) -> Data {
            guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
            defer { try? handle.close() }
            return (try? handle.readToEnd()) ?? Data()
        }
        while running() {
            scan.scans += 1
            let children = String(decoding: read("/proc/\(runner)/task/\(runner)/children"), as: UTF8.self).split(separator: " ").map(String.init)
            var pids = Set(["\(runner)"] + children)
            for pid in (try? fm.contentsOfDirectory(atPath: "/proc")) ?? [] where pid.allSatisfy(\.isNumber) {
                if (try? fm.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/pid")) == namespace { pids.insert(pid) }
            }
            for pid in pids {
                for part in ["cmdline", "environ"] {
                    let data = read("/proc/\(pid)/\(part)")
                    let text = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
                    if data.range(of: needle) != nil { scan.leaks.append("\(pid) \(part): \(text.prefix(200))") }
                    if part == "cmdline", text.hasPrefix("sudo ") { scan.sudos.append(text) }
                }
            }
            usleep(5_000)
        }
        return scan
    }

    /// The checks of a green run: sudo made the folder as root, and each step saw root through sudo.
    static func expectGreen(_ run: (status: Int32, output: String), in directory: URL, host: TestHosts.Host) throws {
        #expect(run.status == 0, "\(run.output)")
        let prepared = try log(directory, "1_1@h1")
        #expect(prepared.contains("root-ok\n") && prepared.contains("owner=root\n"), "\(prepared)")
        #expect(try log(directory, "3_1@h1").contains("fresh 0\n"), "a session=fresh step's sudo has the become: too")
        #expect(try log(directory, "4_1@h1").contains("slept\n"))
        let app = host.mntData.appending(path: "app")
        let attributes = try FileManager.default.attributesOfItem(atPath: app.path)
        #expect(attributes[.ownerAccountName] as? String == "root")
        #expect((attributes[.posixPermissions] as? Int) == 0o750)
    }

    @Test("become: sudo, a NOPASSWD login: every step's sudo runs as root (sudo -n), the session=fresh one too")
    func nopasswd() async throws {
        try Self.makeLogins()
        try await TestHosts.with(count: 1, firstOctet: 80, setuid: true) { hosts in
            let host = hosts.hosts[0]
            let directory = try Self.prepare(hosts, user: "rbsudo", extra: "become: sudo\n")
            let review = try CLI.run(["plan", "guide.md", "-i", "hosts.yaml"], in: directory)
            #expect(review.output.contains("h1 → ssh rbsudo@\(host.address):\(host.port); become: sudo -n"), "\(review.output)")
            #expect(review.output.contains("sudo in 1/1 L7, L8, L9 on h1 → sudo -n (become: sudo)"), "\(review.output)")
            try Self.expectGreen(try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--yes"], in: directory), in: directory, host: host)
        }
    }

    @Test("become: { password: … } for a login whose sudo asks: green, and the password is nowhere but the inventory")
    func password() async throws {
        try Self.makeLogins()
        try await TestHosts.with(count: 1, firstOctet: 81, setuid: true) { hosts in
            let host = hosts.hosts[0]
            let secret = Self.password
            let quoted = "\"" + secret.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
            let directory = try Self.prepare(hosts, user: "rbsudopw", extra: "secrets: [\(quoted)]\nbecome: { password: \(quoted) }\n")

            // What the review and the dry-run show: the become, never the password.
            var printed: [(String, String)] = []
            let review = try CLI.run(["plan", "guide.md", "-i", "hosts.yaml"], in: directory)
            #expect(review.status == 0, "\(review.output)")
            #expect(review.output.contains("become: sudo with the password ****"), "\(review.output)")
            #expect(review.output.contains("sudo in 3/1 L27 on h1 → sudo -A: the become: password (****)"), "\(review.output)")
            printed.append(("plan -i", review.output))
            printed.append(("plan --json", try CLI.run(["plan", "guide.md", "--json"], in: directory).output))
            let pinned = try CLI.run(["plan", "guide.md", "-i", "hosts.yaml", "-o", "plan.json"], in: directory)
            #expect(pinned.status == 0, "\(pinned.output)")
            let dry = try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--dry-run"], in: directory)
            #expect(dry.status == 0, "\(dry.output)")
            // The password is in the bytes on stdin (shown masked), not on the ssh command line.
            #expect(dry.output.contains("SUDO_ASKPASS=\"$__rb_askpass\" command sudo -A \"$@\"") && dry.output.contains("\n  | ****\n"), "\(dry.output)")
            #expect(dry.output.contains("# runbook become: the step's sudo as the inventory's become: says"), "the session=fresh step gets it too: \(dry.output)")
            printed.append(("dry-run", dry.output))

            // The run, while every process's argv and environment is scanned for the password.
            let (process, pipe) = try CLI.start(["run", "guide.md", "-i", "hosts.yaml", "--yes"], in: directory)
            let reading = Task.detached { pipe.fileHandleForReading.readDataToEndOfFile() }
            let scan = Self.scanProcesses(for: "Rb-become-9f2c", host: host, runner: process.processIdentifier) { process.isRunning }
            process.waitUntilExit()
            let run = (process.terminationStatus, String(decoding: await reading.value, as: UTF8.self))
            try Self.expectGreen(run, in: directory, host: host)
            printed.append(("run", run.1))
            #expect(scan.leaks.isEmpty, "the password in a process's argv or environment: \(scan.leaks)")
            #expect(scan.scans > 1 && scan.sudos.contains { $0.hasPrefix("sudo -A sleep 2") },
                    "the scan ran while sudo did (\(scan.scans) scans, sudo seen as \(scan.sudos))")

            printed.append(("show", try CLI.run(["show"], in: directory).output))
            printed.append(("show --json", try CLI.run(["show", "--json"], in: directory).output))
            let report = try CLI.run(["report", "--html", directory.appending(path: "report.html").path], in: directory)
            #expect(report.status == 0, "\(report.output)")
            for (what, output) in printed {
                #expect(!Self.fragments.contains { output.contains($0) }, "\(what) prints the become password")
            }
            // Every file the run and the commands wrote (journal, logs/RUN/out/*, the pinned plan, the
            // report), the hosts' own files (sshd logs), and the login's home: the inventory only.
            for fragment in Self.fragments {
                let leaked = Self.files(under: directory, containing: fragment, except: ["hosts.yaml"])
                    + Self.files(under: hosts.directory, containing: fragment)
                    + Self.files(under: URL(filePath: "/home/rbsudopw"), containing: fragment)
                #expect(leaked.isEmpty, "the become password in \(leaked)")
            }
            let sessions = (try? FileManager.default.contentsOfDirectory(atPath: "/home/rbsudopw/.runbook/sessions")) ?? []
            #expect(!sessions.contains { $0.hasPrefix("askpass") }, "every askpass helper is removed: \(sessions)")
        }
    }

    @Test("no become: and a login whose sudo needs a password: the step fails at once, exit 1, the hint names become:")
    func noBecome() async throws {
        try Self.makeLogins()
        try await TestHosts.with(count: 1, firstOctet: 82, setuid: true) { hosts in
            let host = hosts.hosts[0]
            let directory = try Self.prepare(hosts, user: "rbsudopw", extra: "")
            let review = try CLI.run(["plan", "guide.md", "-i", "hosts.yaml"], in: directory)
            #expect(review.output.contains("sudo in 1/1 L7, L8, L9 on h1 → sudo -n (no become:): fails at once if this login needs a password"), "\(review.output)")
            let run = try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--yes"], in: directory)
            #expect(run.status == 1, "\(run.output)")
            #expect(run.output.contains("sudo: a password is required"), "\(run.output)")
            #expect(run.output.contains("hint: sudo on h1 needs this login's password and the inventory gives no `become:` for it: set `become: { password: … }`"), "\(run.output)")
            let started = try journalRecords(directory).filter { $0["event"] as? String == "step-start" }.compactMap { $0["step"] as? String }
            #expect(started == ["1/1"], "the first failure stops the run: \(started)")
            #expect(!FileManager.default.fileExists(atPath: host.mntData.appending(path: "app").path))

            // become: sudo (no password) for the same login: the same, the hint says so.
            try (String(contentsOf: directory.appending(path: "hosts.yaml"), encoding: .utf8) + "become: sudo\n")
                .write(to: directory.appending(path: "hosts.yaml"), atomically: true, encoding: .utf8)
            let bare = try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--yes"], in: directory)
            #expect(bare.status == 1, "\(bare.output)")
            #expect(bare.output.contains("hint: sudo on h1 needs this login's password and its `become:` gives no password (sudo -n)"), "\(bare.output)")
        }
    }

    @Test("a wrong become: password: the step fails after one try, exit 1, the hint says the password was refused, the password is not printed")
    func wrongPassword() async throws {
        try Self.makeLogins()
        try await TestHosts.with(count: 1, firstOctet: 83, setuid: true) { hosts in
            let wrong = Self.wrongPassword
            let directory = try Self.prepare(hosts, user: "rbsudopw", extra: "secrets: [\(wrong)]\nbecome: { password: \(wrong) }\n")
            let run = try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--yes"], in: directory)
            #expect(run.status == 1, "\(run.output)")
            #expect(run.output.contains("sudo: 1 incorrect password attempt"), "sudo stops after one try: \(run.output)")
            #expect(run.output.contains("hint: sudo on h1 refused the password the inventory's `become:` gives"), "\(run.output)")
            #expect(!run.output.contains(wrong))
            let leaked = Self.files(under: directory, containing: wrong, except: ["hosts.yaml"])
                + Self.files(under: URL(filePath: "/home/rbsudopw"), containing: wrong)
            #expect(leaked.isEmpty, "the become password in \(leaked)")
        }
    }
}
