import Foundation

/// A comment in a shell block that names a machine (or may: `# For machine 1`) but opens no
/// segment by itself.
struct HostComment: Sendable, Equatable {
    var line: Int
    /// The comment without its `#`.
    var text: String
    /// Hosts `HostFinder` sees in it (then its other words say more than where to run).
    var mentions: [HostMention]
    /// True when, besides a name or a number, it holds only directive words (`on`, `for`, `machine`…).
    var directiveOnly: Bool

    /// Name-like words (`machine-2`) and numbered machines (`machine 1` → 1) it holds.
    var machineWords: [(name: String?, ordinal: Int?)] {
        let tokens = text.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0))) }).map(String.init)
        var found: [(name: String?, ordinal: Int?)] = []
        for (index, token) in tokens.enumerated() {
            if ScopeWords.isNameLike(token) {
                let ordinal = Int(token.reversed().prefix { $0.isNumber }.reversed().map(String.init).joined())
                found.append((token, ordinal))
            } else if let number = Int(token), index > 0, ScopeWords.machineNouns.contains(ScopeWords.singular(tokens[index - 1].lowercased())) {
                found.append((nil, number))
            }
        }
        return found
    }
}

/// `NAME_1=machine-1`, `HOST_1=10.240.0.17`, `export NODE2_IP=10.0.0.12`: a shell assignment that
/// names a numbered machine.
struct NameAssignment: Sendable, Equatable {
    var variable: String
    /// The number in the variable's name (`NAME_1` → 1).
    var ordinal: Int
    var value: String
    var line: Int
    var isAddress: Bool { InventoryTable.isIPv4(value) }

    /// Words a variable's name must hold to name machines.
    static let hostWords = ["NAME", "HOST", "NODE", "IP", "ADDR", "MACHINE", "SERVER", "MEMBER", "PEER", "MASTER", "WORKER",
                            "CONTROLLER", "ETCD"]

    /// The assignment a command's first line makes, when it names a machine.
    static func parse(_ text: String, line: Int) -> NameAssignment? {
        // Cheap tests first: every command of a guide passes here.
        guard let first = text.utf8.first, (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A),
              text.containsByte(UInt8(ascii: "=")) else { return nil }
        var rest = Substring(text.prefix { $0 != "\n" })
        if rest.hasPrefix("export ") { rest = rest.dropFirst(7).drop { $0 == " " } }
        guard let equals = rest.firstIndex(of: "=") else { return nil }
        let variable = String(rest[..<equals])
        guard variable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), variable.contains(where: \.isNumber) else { return nil }
        let upper = variable.uppercased()
        guard hostWords.contains(where: upper.contains) else { return nil }
        var value = rest[rest.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
        guard !value.isEmpty, InventoryTable.isIPv4(value) || ScopeWords.isNameLike(value) || value.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else { return nil }
        let digits = variable.reversed().drop { !$0.isNumber }.prefix { $0.isNumber }.reversed()
        guard let ordinal = Int(String(digits)) else { return nil }
        return NameAssignment(variable: variable, ordinal: ordinal, value: value, line: line)
    }
}

/// A command that reaches another machine by itself: it runs on its block's host and connects from there.
struct RemoteCommand: Sendable, Equatable {
    /// The line of the call, and of the command that holds it.
    var line: Int
    var commandLine: Int
    /// `ssh` or `scp`.
    var tool: String
    /// The machine it reaches (`10.0.0.2`, `node2`, `$ip`).
    var target: String

    private static let sshOptionsWithValue: Set<Character> = ["b", "c", "D", "E", "e", "F", "I", "i", "J", "L", "l", "m", "O", "o", "p", "Q", "R", "S", "W", "w"]

    /// Words after which the next word is a command again (`sudo ssh …`, `do ssh …`).
    private static let prefixes: Set<String> = ["sudo", "do", "then", "else", "exec", "time", "nohup", "env", "command", "xargs", "!", "{"]

    /// The `ssh`/`scp` calls of a command's text: words in a command's place (a line's first, after
    /// `;`, `&&`, `|`, `(`, `do`, `sudo`…), then their first argument that is not an option.
    static func find(in text: String, line: Int) -> [RemoteCommand] {
        var found: [RemoteCommand] = []
        for (offset, textLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // Words, with each run of `;|&()` and backquotes as one separator word.
            var words: [(text: String, separator: Bool)] = []
            var current = ""
            func flush() { if !current.isEmpty { words.append((current, false)); current = "" } }
            for character in textLine {
                if character == " " || character == "\t" { flush() }
                else if ";|&()`".contains(character) {
                    flush()
                    if words.last?.separator != true { words.append((String(character), true)) }
                } else { current.append(character) }
            }
            flush()
            var atCommand = true
            var index = 0
            while index < words.count {
                let word = words[index]
                index += 1
                if word.separator { atCommand = true; continue }
                let bare = word.text.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                guard atCommand else { continue }
                if prefixes.contains(bare) || bare.contains("=") && !bare.hasPrefix("-") { continue }
                atCommand = false
                let tool = bare.split(separator: "/").last.map(String.init) ?? bare
                guard tool == "ssh" || tool == "scp" else { continue }
                var target: String?
                var k = index
                while k < words.count, !words[k].separator {
                    let argument = words[k].text.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                    k += 1
                    if argument.hasPrefix("-") {
                        if tool == "ssh", argument.count == 2, sshOptionsWithValue.contains(argument.last!) { k += 1 }
                        if tool == "scp", ["-P", "-i", "-o", "-F", "-J", "-l", "-S", "-c"].contains(argument) { k += 1 }
                        continue
                    }
                    if tool == "ssh" { target = argument; break }
                    if let colon = argument.firstIndex(of: ":"), !argument.contains("://") {
                        target = String(argument[..<colon])
                        break
                    }
                }
                if var target, !target.isEmpty {
                    if let at = target.lastIndex(of: "@") { target = String(target[target.index(after: at)...]) }
                    found.append(RemoteCommand(line: line + offset, commandLine: line, tool: tool, target: target))
                }
                index = k
            }
        }
        return found
    }
}

/// Machines the guide names itself in earlier blocks (`NAME_1=machine-1`, `HOST_1=10.240.0.17`), by
/// their number: `# For machine 1` and `# on machine-2` resolve to 10.240.0.17 and its neighbour.
struct GuideNames: Sendable {
    /// A numbered machine: its name and address as assigned.
    struct Machine: Sendable {
        var name: NameAssignment?
        var address: NameAssignment?
        /// The address where one is assigned, else the name.
        var host: String? { address?.value ?? name?.value }
        var evidence: String {
            [name, address].compactMap { $0.map { "\($0.variable)=\($0.value) L\($0.line)" } }.joined(separator: ", ")
        }
    }

    private(set) var machines: [Int: Machine] = [:]
    var isEmpty: Bool { machines.isEmpty }

    mutating func add(_ assignments: [NameAssignment]) {
        for assignment in assignments {
            if assignment.isAddress { machines[assignment.ordinal, default: Machine()].address = assignment }
            else { machines[assignment.ordinal, default: Machine()].name = assignment }
        }
    }

    /// The machine named `word` (a name assigned, or its address), with the assignments that say so.
    func machine(named word: String) -> (host: String, evidence: String)? {
        for number in machines.keys.sorted() {
            let machine = machines[number]!
            if machine.name?.value == word || machine.address?.value == word, let host = machine.host { return (host, machine.evidence) }
        }
        return nil
    }

    /// Machine number `ordinal`, when the guide numbered its machines.
    func machine(ordinal: Int) -> (host: String, evidence: String)? {
        guard let machine = machines[ordinal], let host = machine.host else { return nil }
        return (host, machine.evidence)
    }
}

/// Turns a shell block's host comments into segments with the names the guide defined earlier, or
/// into `host-comment` warnings: a comment that names a machine never lands silently in another
/// machine's segment.
enum HostComments {
    /// `shell` with its comments resolved, and the warnings for those that open no segment.
    static func resolve(_ shell: ShellBlock, names: GuideNames, resolver: ScopeResolver) -> (shell: ShellBlock, diagnostics: [Diagnostic]) {
        guard !shell.hostComments.isEmpty || (!names.isEmpty && shell.commentTags.contains { !InventoryTable.isIPv4($0.host) }) else {
            return (shell, [])
        }
        var tags = shell.commentTags
        var changed = false
        // A label the guide defined (`# machine-1:` after NAME_1=machine-1, HOST_1=…) is that machine.
        for index in tags.indices where !InventoryTable.isIPv4(tags[index].host) {
            if let machine = names.machine(named: tags[index].host), machine.host != tags[index].host {
                tags[index].evidence += " → \(machine.evidence)"
                tags[index].host = machine.host
                changed = true
            }
        }
        var unresolved: [HostComment] = []
        for comment in shell.hostComments {
            guard comment.directiveOnly, let hosts = self.hosts(of: comment, names: names, resolver: resolver) else {
                unresolved.append(comment)
                continue
            }
            tags += hosts.map { HostTag(host: $0.host, source: .comment, line: comment.line, evidence: $0.evidence) }
            changed = true
        }
        var result = shell
        if changed {
            tags.sort { $0.line < $1.line }
            result.commentTags = tags
            result.commands = split(shell.commands, by: tags)
        }
        let diagnostics = unresolved.map { comment in
            let segment = result.commentTags.last { $0.line < comment.line }
            let runs = segment.map { s in "with the segment of L\(s.line) (\(result.commentTags.filter { $0.line == s.line }.map(\.host).joined(separator: ", ")))" }
                ?? "on the block's hosts"
            let why = comment.directiveOnly
                ? "names \(comment.machineWords.map { $0.name ?? "machine \($0.ordinal!)" }.joined(separator: ", ")), which no table, inventory or earlier assignment (NAME_1=…, HOST_1=…) defines"
                : "names \(comment.mentions.map(\.evidence).joined(separator: ", ")) but says more than where to run"
            return Diagnostic(.hostComment, line: comment.line,
                              "comment “# \(comment.text)” \(why), so it opens no segment: the lines after it run \(runs)")
        }
        return (result, diagnostics)
    }

    /// The hosts a directive-only comment names: through the guide's assignments, the tables and the
    /// inventory, else a name-like word as written (as `# node1:` is).
    private static func hosts(of comment: HostComment, names: GuideNames, resolver: ScopeResolver) -> [(host: String, evidence: String)]? {
        var hosts: [(host: String, evidence: String)] = []
        for word in comment.machineWords {
            if let name = word.name {
                if let machine = names.machine(named: name) { hosts.append((machine.host, "\(comment.text) → \(machine.evidence)")); continue }
                if let found = resolver.resolve(name: name) {
                    hosts += found.hosts.map { ($0, comment.text) }
                    continue
                }
            }
            if let ordinal = word.ordinal, word.name == nil, let machine = names.machine(ordinal: ordinal) {
                hosts.append((machine.host, "\(comment.text) → \(machine.evidence)"))
                continue
            }
            return nil
        }
        return hosts.isEmpty ? nil : hosts
    }

    /// The block's commands with each one's host taken from the last segment comment before it (one
    /// command per host of a segment with several), the way `ShellBlock` splits them.
    static func split(_ commands: [Command], by tags: [HostTag]) -> [Command] {
        var base: [Command] = []
        for command in commands where !(base.last.map { $0.line == command.line && $0.text == command.text } ?? false) {
            var c = command
            c.host = nil
            base.append(c)
        }
        var result: [Command] = []
        for command in base {
            guard let segment = tags.last(where: { $0.line < command.line }) else { result.append(command); continue }
            for tag in tags where tag.line == segment.line {
                var c = command
                c.host = tag.host
                result.append(c)
            }
        }
        return result
    }
}

extension String {
    /// True when the UTF-8 bytes contain `needle` (memchr for its first byte, then a compare).
    func containsBytes(_ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        let search = { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
            guard let base = bytes.baseAddress, count > 0, bytes.count >= count else { return false }
            var start = 0
            while start + count <= bytes.count, let found = memchr(base + start, Int32(needle.utf8Start[0]), bytes.count - start - count + 1) {
                let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + offset, needle.utf8Start, count) == 0 { return true }
                start = offset + 1
            }
            return false
        }
        if let found = utf8.withContiguousStorageIfAvailable(search) { return found }
        return Array(utf8).withUnsafeBufferPointer(search)
    }
}
