import Foundation
import RunbookCore
import Testing
import TestSupport

/// Config files from prose (issue #11): "Add the following to F:", "Create F with:", "将以下内容写入 F",
/// "在 F 中添加：", `vi F` + content and a `cat F` transcript become file steps, written by the built
/// binary on a loopback sshd host (and on the control machine): replaced atomically with the stated
/// mode, or added once.
@Suite("files from prose", .serialized)
struct FileStepEndToEndTests {
    /// A guide in both languages whose files all live under `root` (the host's own /mnt/data).
    static func guide(_ root: String, hosts: String) -> String {
        """
        # Files

        ## 1. English

        <!-- runbook: hosts=\(hosts) -->

        ```bash
        mkdir -p \(root) && cd \(root)
        ```

        Add the following to `\(root)/etc/redis.conf`:

        ```
        maxmemory 256mb
        maxmemory-policy allkeys-lru
        ```

        Create \(root)/new/deep/app.ini with mode 0600 containing:

        ```ini
        [main]
        port = 8080
        ```

        Create `conf/relative.conf` with:

        ```
        relative = yes
        ```

        ## 2. 中文

        <!-- runbook: hosts=\(hosts) -->

        将以下内容写入 \(root)/zh/write.conf：

        ```
        写入 = 1
        ```

        在 \(root)/zh/append.conf 中添加：

        ```
        追加 = 1
        ```

        ```bash
        vi \(root)/zh/editor.cnf
        [mysqld]
        server-id = 1
        ```

        ```console
        $ cat \(root)/zh/shown.cnf
        [client]
        port = 3306
        ```
        """
    }

    static func read(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    static func mode(_ url: URL) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    /// What every file of the guide must hold under `root` (the local path of the guide's root).
    static func checkFiles(_ root: URL, existing: String) throws {
        #expect(read(root.appending(path: "etc/redis.conf")) == existing + "\nmaxmemory 256mb\nmaxmemory-policy allkeys-lru\n")
        #expect(try mode(root.appending(path: "etc/redis.conf")) == 0o640, "an existing file keeps its mode")
        #expect(read(root.appending(path: "new/deep/app.ini")) == "[main]\nport = 8080\n", "missing folders are created")
        #expect(try mode(root.appending(path: "new/deep/app.ini")) == 0o600, "the mode the prose states")
        #expect(read(root.appending(path: "conf/relative.conf")) == "relative = yes\n", "a relative path is the session's folder")
        #expect(try mode(root.appending(path: "conf/relative.conf")) == 0o644, "a new file without a stated mode")
        #expect(read(root.appending(path: "zh/write.conf")) == "写入 = 1\n")
        #expect(read(root.appending(path: "zh/append.conf")) == "追加 = 1\n")
        #expect(read(root.appending(path: "zh/editor.cnf")) == "[mysqld]\nserver-id = 1\n")
        #expect(read(root.appending(path: "zh/shown.cnf")) == "[client]\nport = 3306\n")
        let leftovers = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.contains(".runbook-write.") }
        #expect(leftovers.isEmpty, "no temporary file is left behind: \(leftovers)")
    }

    @Test("the plan names each file step's destination, how it is written and where the guide said so")
    func plan() throws {
        let guide = Self.guide("/mnt/data/f", hosts: "h1")
        let directory = try workspace(guide: guide)
        let plan = try CLI.run(["plan", "guide.md"], in: directory)
        /// `L` and the guide line holding `text`.
        func at(_ text: String) -> String {
            "L\((guide.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) } ?? -1) + 1)"
        }
        for line in ["adds to /mnt/data/f/etc/redis.conf (once) (prose \(at("Add the following"))",
                     "writes /mnt/data/f/new/deep/app.ini, mode 0600 (prose \(at("with mode 0600"))",
                     "writes conf/relative.conf (prose \(at("Create `conf/relative.conf`"))",
                     "writes /mnt/data/f/zh/write.conf (prose \(at("写入")) “写入 /mnt/data/f/zh/write.conf”)",
                     "adds to /mnt/data/f/zh/append.conf (once) (prose \(at("中添加")) “在 /mnt/data/f/zh/append.conf 中添加”)",
                     "writes /mnt/data/f/zh/editor.cnf (editor \(at("vi /mnt")) (`vi /mnt/data/f/zh/editor.cnf`))",
                     "writes /mnt/data/f/zh/shown.cnf (shown by `cat` \(at("$ cat")))",
                     "[file-from-editor]", "[file-from-transcript]"] {
            #expect(plan.output.contains(line), "plan lacks “\(line)”:\n\(plan.output)")
        }
        #expect(plan.output.contains("8 steps: 1 run, 0 upload, 7 file"), "\(plan.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(CLI.run(["plan", "guide.md", "--json"], in: directory).output.utf8)) as? [String: Any])
        let files = (json["steps"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? [String: Any] }
        #expect(files.count == 7)
        #expect(files.first?["write"] as? String == "append" && files.first?["destination"] as? String == "/mnt/data/f/etc/redis.conf")
        #expect(files.dropFirst().first?["mode"] as? String == "0600")
    }

    @Test("on a loopback sshd host: written, added once; resumed, run again and --only again: still once")
    func onHost() async throws {
        try await TestHosts.with(count: 1, firstOctet: 150) { hosts in
            let directory = try workspace(guide: Self.guide("/mnt/data/f", hosts: "h1"))
            let root = hosts.hosts[0].mntData.appending(path: "f")
            try FileManager.default.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
            let existing = root.appending(path: "etc/redis.conf")
            try "existing line".write(to: existing, atomically: true, encoding: .utf8)   // no final newline
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: existing.path)

            // A last step that fails until `go` exists: the run stops after the files, then resumes.
            try (Self.guide("/mnt/data/f", hosts: "h1") + "\n\n## 3. Then\n\n<!-- runbook: hosts=h1 -->\n\n```bash\ntest -f /mnt/data/f/go\n```\n")
                .write(to: directory.appending(path: "guide.md"), atomically: true, encoding: .utf8)
            let first = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: directory)
            #expect(first.status == 1, "\(first.output)")
            try Self.checkFiles(root, existing: "existing line")
            try "".write(to: root.appending(path: "go"), atomically: true, encoding: .utf8)
            let resumed = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes", "--resume"], in: directory)
            #expect(resumed.status == 0, "\(resumed.output)")
            try Self.checkFiles(root, existing: "existing line")

            // Appending twice leaves the lines once: a second full run, then only the append step.
            let second = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: directory)
            #expect(second.status == 0, "\(second.output)")
            let only = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes", "--only", "1/2"], in: directory)
            #expect(only.status == 0, "\(only.output)")
            try Self.checkFiles(root, existing: "existing line")
            #expect(try SessionEndToEndTests.log(directory, "1_2@h1").contains("already holds these lines; not added again"))
        }
    }

    @Test("inside an on: wrapper: the content reaches the writer in a here-document, not as shell text")
    func insideWrapper() async throws {
        try await TestHosts.with(count: 1, firstOctet: 151) { hosts in
            let directory = try workspace(guide: """
                # Box

                <!-- runbook: hosts=box -->

                Create /mnt/data/w/app.conf with:

                ```
                echo this is content, never run > /mnt/data/w/ran
                RUNBOOK_EOF
                ```

                Add the following to /mnt/data/w/app.conf:

                ```
                added
                ```
                """)
            let inventory = try String(contentsOf: hosts.inventory, encoding: .utf8) + "  box: { on: h1, wrap: \"/bin/sh\" }\n"
            try inventory.write(to: directory.appending(path: "hosts.yaml"), atomically: true, encoding: .utf8)
            for _ in 0..<2 {
                let run = try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--yes"], in: directory)
                #expect(run.status == 0, "\(run.output)")
            }
            let root = hosts.hosts[0].mntData.appending(path: "w")
            #expect(Self.read(root.appending(path: "app.conf")) == "echo this is content, never run > /mnt/data/w/ran\nRUNBOOK_EOF\nadded\n")
            #expect(!FileManager.default.fileExists(atPath: root.appending(path: "ran").path))
        }
    }

    @Test("on the control machine: the same guide, the same files")
    func onLocal() throws {
        let directory = try workspace(guide: "")
        let root = directory.appending(path: "root")
        try Self.guide(root.path, hosts: "local").write(to: directory.appending(path: "guide.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
        try "existing line\n".write(to: root.appending(path: "etc/redis.conf"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: root.appending(path: "etc/redis.conf").path)
        let run = try CLI.run(["run", "guide.md", "--yes"], in: directory)
        #expect(run.status == 0, "\(run.output)")
        try Self.checkFiles(root, existing: "existing line")   // it ended with a newline: none is added
    }

    @Test("a destination that is a symbolic link is refused, and what it points to is untouched")
    func symlink() throws {
        let directory = try workspace(guide: "")
        let target = directory.appending(path: "target.conf")
        try "kept\n".write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: directory.appending(path: "link.conf"), withDestinationURL: target)
        try """
        # Link

        Create \(directory.path)/link.conf with:

        ```
        replaced
        ```
        """.write(to: directory.appending(path: "guide.md"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", "guide.md", "--yes"], in: directory)
        #expect(run.status == 1, "\(run.output)")
        #expect(Self.read(target) == "kept\n")
        #expect(try SessionEndToEndTests.log(directory, "link_1@local").contains("is a symbolic link; not writing through it"))
    }
}
