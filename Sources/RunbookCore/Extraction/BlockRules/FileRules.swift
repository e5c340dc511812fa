import Foundation

/// The block the prose before it names as a file's content ("Add the following to
/// /etc/redis/redis.conf:", "将以下内容写入/etc/hosts"), or that an annotation gives a destination
/// (`file=PATH`): a file step that writes it (replacing the file) or adds it (once).
struct FileContentRule: BlockRule {
    /// Labels of blocks that hold a file's text rather than commands.
    static let contentLanguages: Set<String> = ["", "yaml", "yml", "ini", "dosini", "conf", "cfg", "cnf", "toml", "text", "txt",
                                                 "plain", "plaintext", "json", "xml", "properties", "nginx", "apache", "systemd",
                                                 "hcl", "env", "dotenv", "sql"]

    func read(_ input: BlockRuleInput) -> BlockReading? {
        let annotation = input.annotation
        var intent = input.fileIntent
        if let annotation, let destination = annotation.values["file"] {
            intent = FileIntent(destination: destination, append: false, mode: nil, source: "annotation L\(annotation.line)")
        }
        guard var intent, Self.holdsContent(input, destination: intent.destination) else { return nil }
        intent.apply(annotation)
        var diagnostics: [Diagnostic] = []
        if annotation?.values["file"] == nil, let shared = intent.addingToShared(line: input.firstLine) {
            intent = shared.intent
            diagnostics.append(shared.note)
        }
        if BlockFacts.yamlLanguages.contains(input.code.language), let error = input.facts.yamlError { diagnostics.append(error) }
        return BlockReading(kind: .file, file: FileSpec(intent, content: input.code.literal), diagnostics: diagnostics)
    }

    /// True when the block is the file's text: a config-like label, or a shell block that is plainly
    /// file content (no prompts, and it does not itself write the file: `cat > F <<EOF`, `tee F`).
    static func holdsContent(_ input: BlockRuleInput, destination: String) -> Bool {
        let language = input.code.language
        let name = (destination as NSString).lastPathComponent
        if language.isEmpty {
            // Unlabelled: content, unless it is a transcript or shell text that writes the file itself.
            if looksLikeTranscript(input.code.literal) { return false }
            return input.facts.shell == nil || !input.code.literal.contains(name)
        }
        if contentLanguages.contains(language) { return true }
        guard BlockFacts.shellLanguages.contains(language), let shell = input.facts.shell, !shell.isTranscript else { return false }
        return !input.code.literal.contains(name)
    }

    static func looksLikeTranscript(_ text: String) -> Bool {
        text.linesAtNewlines.contains { !$0.isEmpty && Prompt.parse($0) != nil }
    }
}

/// `nano /etc/mysql/mariadb.conf.d/50-server.cnf` (or `vi`, `vim`, `emacs`, after `sudo` or a
/// prompt): no editor is ever started on a host. With the file's content after it in the block,
/// the block is a file step writing that content; alone, the block is not run and the next block
/// is taken as the file's content.
struct EditorRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        let language = input.code.language
        guard language.isEmpty || BlockFacts.shellLanguages.contains(language),
              let editor = EditorCommand.parse(input.code.literal) else { return nil }
        let source = "editor L\(input.firstLine) (`\(editor.editor) \(editor.path)`)"
        var intent = FileIntent(destination: editor.path, append: false, mode: nil, source: source)
        intent.apply(input.annotation)
        guard !editor.content.isEmpty else {
            var reading = BlockReading.notRun("not run: opens `\(editor.editor)` on \(editor.path); the next block is taken as its content")
            reading.opens = intent
            return reading
        }
        if let shared = intent.addingToShared(line: input.firstLine) {
            return BlockReading(kind: .file, file: FileSpec(shared.intent, content: editor.content), diagnostics: [shared.note])
        }
        return BlockReading(kind: .file, file: FileSpec(intent, content: editor.content), diagnostics: [
            Diagnostic(.fileFromEditor, line: input.firstLine,
                       "`\(editor.editor) \(editor.path)` is not started: the lines after it are written to \(editor.path) as its whole content")])
    }
}

/// A transcript that only shows a file (`$ cat /etc/my.cnf` and its content) that no step before it
/// writes: the guide is saying what the file must hold, so the step writes that content.
struct ShownFileRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard let shell = input.facts.shell, shell.isTranscript, shell.commands.count == 1, let command = shell.commands.first,
              !command.expect.isEmpty, let path = Self.shownFile(command.text), !input.writtenBefore(path) else { return nil }
        let intent = FileIntent(destination: path, append: false, mode: nil, source: "shown by `cat` L\(command.line)")
        return BlockReading(kind: .file, file: FileSpec(intent, content: command.expect.joined(separator: "\n") + "\n"), diagnostics: [
            Diagnostic(.fileFromTranscript, line: command.line,
                       "the guide shows \(path) with `cat` and no step before writes it: \(command.expect.count == 1 ? "its shown line is" : "its \(command.expect.count) shown lines are") written to \(path)")])
    }

    private static let form = try! NSRegularExpression(pattern: #"^(?:sudo\s+)?cat\s+((?:/[A-Za-z0-9_.@+-]+)+)$"#)
    private static let configExtensions: Set<String> = ["conf", "cnf", "cfg", "ini", "yaml", "yml", "toml", "properties", "env", "repo", "service"]

    /// The config file `command` prints, when it is a plain `cat` of one (not /proc, not a release file).
    static func shownFile(_ command: String) -> String? {
        let start = command.utf8.drop { $0 == 0x20 }
        guard start.starts(with: "cat ".utf8) || start.starts(with: "sudo cat ".utf8) else { return nil }
        let text = command.trimmingCharacters(in: .whitespaces)
        guard let match = form.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) else { return nil }
        let path = (text as NSString).substring(with: match.range(at: 1))
        guard !path.hasPrefix("/proc/"), !path.hasPrefix("/sys/"), !path.hasPrefix("/dev/"), !path.hasSuffix("-release") else { return nil }
        return configExtensions.contains((path as NSString).pathExtension.lowercased()) ? path : nil
    }
}

extension FileIntent {
    /// `<!-- runbook: append mode=0600 -->` before the block: how it is written, over what the words said.
    mutating func apply(_ annotation: Annotation?) {
        guard let annotation else { return }
        if annotation.values["append"] != nil { append = true }
        if let mode = annotation.values["mode"] { self.mode = mode.count == 3 ? "0" + mode : mode }
    }

    /// Files a host shares with everything else on it: a guide that says to write lines into one
    /// means to add them (replacing /etc/hosts would drop localhost and every other entry).
    static let sharedFiles: Set<String> = ["/etc/hosts", "/etc/fstab", "/etc/sysctl.conf", "/etc/security/limits.conf", "/etc/profile",
                                           "/etc/environment", "/etc/sudoers", "/etc/resolv.conf", "/etc/crontab", "/etc/rc.local",
                                           "~/.bashrc", "~/.bash_profile", "~/.profile", "~/.zshrc", "/root/.bashrc", "/root/.bash_profile"]

    /// The intent as an append, and a note saying so, when it would replace a shared file.
    func addingToShared(line: Int) -> (intent: FileIntent, note: Diagnostic)? {
        guard !append, Self.sharedFiles.contains(destination) else { return nil }
        var intent = self
        intent.append = true
        return (intent, Diagnostic(.fileAddedToShared, line: line,
            "\(destination) is shared by everything on the host: the block is added to it (once), not written over it"))
    }
}

extension FileSpec {
    init(_ intent: FileIntent, content: String) {
        self.init(destination: intent.destination, content: content, destinationSource: intent.source)
        append = intent.append
        mode = intent.mode
    }
}
