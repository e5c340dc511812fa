import Foundation
import RunbookCore
import Testing
import TestSupport

/// What `run --dry-run` shows is what the hosts receive: every interpreter a step starts on a
/// loopback host (bash, sh, python3) is a shim that records its argv and the bytes on its stdin
/// before running the real one, and every recording equals a command of the dry-run.
@Suite("the plan's bytes are the bytes the hosts receive")
struct PlanBytesEndToEndTests {
    static let guide = """
    # Bytes

    ## 1. Script on both hosts

    <!-- runbook: hosts=h1,h2 -->
    ```bash
    mkdir -p ~/app && cd ~/app
    printf '%s\\n' "it's \\"quoted\\"" > note.txt
    ```

    ## 2. A transcript in the box

    <!-- runbook: hosts=box -->
    ```console
    $ echo one
    one
    $ cat <<'EOF'
    > two
    > EOF
    two
    ```

    ## 3. Python

    <!-- runbook: hosts=h2 -->
    ```python
    print("py", 6 * 7)
    ```

    ## 4. Files

    <!-- runbook: hosts=h1 file=/home/dcos/conf/app.yaml -->
    ```yaml
    name: app
    port: 8080
    ```

    <!-- runbook: hosts=h2 -->
    Upload [app.conf](./app.conf) to the second host in /home/dcos/up.
    """

    /// One interpreter's recording: its name, its argv after the name, and its stdin.
    struct Received: Hashable {
        var program: String
        var arguments: [String]
        var stdin: String
    }

    /// Installs the recording shims for bash, sh and python3 in `bin`; recordings go to `/home/dcos/.rec` on each host.
    static func installShims(in bin: URL) throws {
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        // Only the interpreters runbook starts are recorded (a login's .bashrc starts others).
        // Only the interpreters runbook starts are recorded (a login's .bashrc starts others), and
        // PATH is left as it is: what the real interpreter starts finds the same commands.
        let shim = """
        #!/bin/sh
        # Records what this interpreter receives, then runs the real one on the same bytes.
        name=$(basename "$0")
        for folder in /usr/bin /bin /usr/local/bin; do
            [ -x "$folder/$name" ] && real="$folder/$name" && break
        done
        case "$name $*" in
            "bash -euo pipefail -s"|"python3 -"|"sh -c "*|"sh -s") ;;
            *) exec "$real" "$@" ;;
        esac
        mkdir -p /home/dcos/.rec
        rec=$(mktemp /home/dcos/.rec/XXXXXXXX)
        printf '%s\\0' "$name" "$@" > "$rec.argv"
        tee "$rec.stdin" | "$real" "$@"
        """
        let path = bin.appending(path: "record")
        try shim.write(to: path, atomically: true, encoding: .utf8)
        chmod(path.path, 0o755)
        for name in ["bash", "sh", "python3"] {
            try FileManager.default.createSymbolicLink(atPath: bin.appending(path: name).path, withDestinationPath: path.path)
        }
    }

    /// What the hosts' interpreters received, per host.
    static func received(on host: TestHosts.Host) throws -> [Received] {
        let folder = host.directory.appending(path: "root/home/dcos/.rec")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".argv") }
        return try names.map { name in
            let argv = try String(contentsOf: folder.appending(path: name), encoding: .utf8)
                .split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
            let stdin = try String(contentsOf: folder.appending(path: name.replacing(".argv", with: ".stdin")), encoding: .utf8)
            return Received(program: argv[0], arguments: Array(argv.dropFirst()), stdin: stdin)
        }
    }

    /// `stdin` with the session prelude's run-time part (the restored state and the record's name,
    /// which the dry-run cannot know) cut out; the rest must match byte for byte.
    static func withoutSessionState(_ stdin: String) -> String {
        guard let start = stdin.range(of: SessionScript.marker + "\n") else { return stdin }
        let record = stdin[start.upperBound...].prefix { $0 != "\n" }
        if !record.hasPrefix("__rb_record="), let text = stdin.range(of: SessionScript.textMarker + "\n") {
            return String(stdin[..<start.upperBound]) + "…" + stdin[text.lowerBound...]   // a python step: restore only
        }
        guard record.hasPrefix("__rb_record="), let functions = stdin[start.upperBound...].range(of: "\n__rb_vars()"),
              let restored = stdin.range(of: "\ntrap __rb_exit EXIT\n") ?? stdin.range(of: "\n" + SessionScript.textMarker + "\n") else {
            return stdin
        }
        let prelude = stdin[functions.lowerBound...]
        let cut = prelude.range(of: "|| :\n", options: [], range: nil, locale: nil).map { prelude[..<$0.upperBound] } ?? prelude[...]
        return String(stdin[..<start.upperBound]) + "__rb_record=…" + cut + "…" + stdin[restored.lowerBound...]
    }

    /// The dry-run's commands per host: the remote argv (after `exec`) and the stdin it shows.
    static func dryRun(_ output: String) -> [String: [(argv: String, stdin: String, bytes: Int)]] {
        var result: [String: [(argv: String, stdin: String, bytes: Int)]] = [:]
        var prelude: [String] = [], preludeStart: Int? = nil
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            guard let match = lines[index].firstMatch(of: /^(\S+) @ (\S+)  \((\d+) bytes on stdin\)$/) else { index += 1; continue }
            let host = String(match.2), bytes = Int(match.3)!
            let argv = lines[index + 1]
            var stdin: [String] = []
            preludeStart = nil
            index += 2
            while index < lines.count, lines[index].hasPrefix("  | ") || lines[index] == "  |" || lines[index].hasPrefix("  ~ ") {
                if lines[index].contains("(the file writer shown above)") {
                    // So it shows each file writer's script: the one of the two shown before this line.
                    let shown = result.values.flatMap { $0.map(\.stdin) }.joined()
                    let script = try! #require(FileWriter.quotedScripts.first { shown.contains($0) })
                    stdin += String(lines[index].dropFirst(4)).replacing("(the file writer shown above)", with: script)
                        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                } else if lines[index].hasPrefix("  ~ ") {
                    stdin += prelude   // the dry-run shows the session prelude once, then names it
                } else {
                    stdin.append(String(lines[index].dropFirst(4)))
                    if stdin.last == SessionScript.marker { preludeStart = stdin.count - 1 }
                    if stdin.last == SessionScript.textMarker, prelude.isEmpty, let first = preludeStart { prelude = Array(stdin[first...]) }
                }
                index += 1
            }
            result[host, default: []].append((argv, stdin.map { $0 + "\n" }.joined(), bytes))
        }
        return result
    }

    @Test("script, transcript (inside an on: wrapper), python, a YAML file and an upload: each host gets the dry-run's bytes")
    func hostsReceiveTheDryRun() async throws {
        // The hosts see the control machine's filesystem (but /mnt/data and /home/dcos): the shims too.
        try await TestHosts.with(count: 2, firstOctet: 60,
                                 environment: { ["PATH=\($0.path)/shims:\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")"] }) { hosts in
            try Self.installShims(in: hosts.directory.appending(path: "shims"))
            let directory = try workspace(guide: Self.guide)
            try "listen 8080\n".write(to: directory.appending(path: "app.conf"), atomically: true, encoding: .utf8)
            // A non-root login whose home (one per host) has no shell start-up files of this machine's.
            try #require(Probe.run(["sh", "-c", "id dcos >/dev/null 2>&1 || useradd -M -d /home/dcos -s /bin/bash -p '*' dcos"]).status == 0)
            for host in hosts.hosts {
                try #require(Probe.run(["chown", "-R", "dcos:", host.directory.appending(path: "root/home/dcos").path]).status == 0)
            }
            let inventory = try String(contentsOf: hosts.inventory, encoding: .utf8).replacing("\"root@", with: "\"dcos@")
                + "  box: { on: h1, wrap: \"/bin/sh\" }\n"
            try inventory.write(to: directory.appending(path: "hosts.yaml"), atomically: true, encoding: .utf8)

            let dry = try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--dry-run"], in: directory)
            let dryOutput = dry.output.replacing(/RUNBOOK-START-[0-9a-f]+/, with: "RUNBOOK-START-X")
            #expect(dry.status == 0, "\(dry.output)")
            let planned = Self.dryRun(dryOutput)
            let run = try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--yes"], in: directory)
            #expect(run.status == 0, "\(run.output)")

            // box runs on h1: its commands arrive there, inside the wrapper.
            let expectedCount = ["h1": 4, "h2": 3]
            for host in hosts.hosts {
                let got = try Self.received(on: host)
                let shown = (planned[host.inventoryName] ?? []) + (host.inventoryName == "h1" ? planned["box"] ?? [] : [])
                #expect(shown.count == expectedCount[host.inventoryName], "\(host.inventoryName): \(shown.map(\.argv))")
                // Besides what the dry-run shows: after each session shell command, the runner reads the
                // session's record back; a python step's session shell hands the rest of its stdin to python3.
                let readBacks = got.filter { $0.stdin.contains("/.runbook/sessions/") && $0.stdin.contains("cat -- ") }
                let sessionShells = shown.filter { $0.stdin.contains(SessionScript.marker) && $0.stdin.contains("trap __rb_exit EXIT") }
                #expect(readBacks.count == sessionShells.count, "\(host.inventoryName): one record read back per session shell command")
                // A session shell execs python3 and the file writer (`sh -c …`): they get the rest of its stdin.
                let pythons = got.filter { $0.program == "python3" }
                #expect(pythons.map(\.stdin) == (host.inventoryName == "h2" ? ["print(\"py\", 6 * 7)\n"] : []))
                let writers = got.filter { $0.program == "sh" && $0.arguments.first == "-c" && $0.arguments.dropFirst().first?.contains(".runbook-write.") == true }
                #expect(writers.map(\.stdin) == (host.inventoryName == "h2" ? ["listen 8080\n"] : ["name: app\nport: 8080\n"]))
                let handedOff = pythons + writers
                let remaining0 = got.filter { r in !readBacks.contains(r) && !handedOff.contains(r) }
                #expect(remaining0.count == shown.count, "\(host.inventoryName) received \(remaining0.count) commands, the dry-run shows \(shown.count)")
                var remaining = remaining0
                for command in shown {
                    let index = remaining.firstIndex { received in
                        command.argv.hasSuffix(" " + DryRunQuote.remote([received.program] + received.arguments))
                            && Self.withoutSessionState(received.stdin) == Self.withoutSessionState(command.stdin)
                    }
                    #expect(index != nil, "\(host.inventoryName) never received `\(command.argv)` with the dry-run's stdin:\n\(command.stdin)")
                    #expect(command.stdin.utf8.count == command.bytes, "the byte count the dry-run states is the bytes it shows")
                    if let index { remaining.remove(at: index) }
                }
            }
        }
    }
}

/// How the dry-run writes the remote command that runs `argv` on an ssh host: the word quoting of
/// SSHTransport inside the ssh command line, quoted again as one word of `run --dry-run`'s line.
enum DryRunQuote {
    static func remote(_ argv: [String]) -> String {
        let command = "printf '%s %s\\n' RUNBOOK-START-X \"$$\" && exec " + argv.map(word).joined(separator: " ") + " 2>&1"
        return "'" + command.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func word(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")
        return !word.isEmpty && word.allSatisfy(safe.contains) ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
