/// A shell block read line by line into commands, host segments and prompts.
struct ShellBlock: Sendable {
    /// Commands in order; `host` set when a segment comment or a prompt names one.
    var commands: [Command] = []
    /// Hosts named by segment comments (`# 1. 在29.16.21.73上执行如下命令`), with their lines.
    var commentTags: [HostTag] = []
    /// Prompt hosts as written, with the line of each command.
    var promptHosts: [(name: String, line: Int, prompt: String)] = []
    var isTranscript = false
    /// Comments that name (or may name) a machine but open no segment by themselves: the in-order
    /// pass resolves them with the names the guide defined earlier, or warns (`host-comment`).
    var hostComments: [HostComment] = []
    /// Assignments that name machines (`NAME_1=machine-1`, `HOST_1=10.240.0.17`), for later blocks.
    var assignments: [NameAssignment] = []
    /// Commands that reach another machine themselves (`ssh root@10.0.0.2 …`, `scp f node2:/tmp`).
    var remoteCommands: [RemoteCommand] = []

    /// Reads `body` whose first line is source line `firstLine`.
    init(body: String, firstLine: Int, finder: HostFinder) {
        var lines = body.linesAtNewlines
        if lines.last == "" { lines.removeLast() }
        // Each line is read as a prompt once: whether the block is a transcript, and where its commands are.
        let prompts = lines.map { Prompt.parse($0) }
        isTranscript = prompts.contains { $0 != nil }
        var segmentHosts: [String]? = nil
        var index = 0

        func add(_ text: String, line: Int, expect: [String] = [], prompt: Prompt? = nil) {
            if let name = prompt?.host, name != "localhost" {
                promptHosts.append((name, line, prompt?.text ?? ""))
            }
            let hosts: [String?] = segmentHosts.map { $0.map(Optional.some) } ?? [nil]
            for host in hosts {
                commands.append(Command(line: line, host: host, text: text, expect: expect, prompt: prompt?.text))
            }
            if let assignment = NameAssignment.parse(text, line: line) { assignments.append(assignment) }
            if text.containsBytes("ssh") || text.containsBytes("scp") { remoteCommands += RemoteCommand.find(in: text, line: line) }
        }

        while index < lines.count {
            let line = lines[index]
            let lineNumber = firstLine + index
            switch Self.readComment(line, finder: finder) {
            case .segment(let hosts, let evidence)?:
                segmentHosts = hosts
                commentTags += hosts.map { HostTag(host: $0, source: .comment, line: lineNumber, evidence: evidence) }
                index += 1
                continue
            case .names(let comment)?:
                var comment = comment
                comment.line = lineNumber
                hostComments.append(comment)
                index += 1
                continue
            case nil:
                break
            }
            if isTranscript {
                guard let prompt = prompts[index] else { index += 1; continue }
                var reader = ShellReader()
                var text = prompt.command
                reader.feed(Substring(prompt.command))
                var next = index + 1
                while !reader.isComplete, next < lines.count {
                    var continuation = lines[next]
                    if continuation.hasPrefix("> ") { continuation = continuation.dropFirst(2) }
                    text += "\n" + continuation
                    reader.feed(continuation)
                    next += 1
                }
                var expect: [String] = []
                while next < lines.count, prompts[next] == nil,
                      Self.segmentHosts(lines[next], finder: finder) == nil {
                    expect.append(String(lines[next]))
                    next += 1
                }
                while expect.last?.allSatisfy(\.isWhitespace) == true { expect.removeLast() }
                // `mysql -uroot -p` and `MariaDB [(none)]> …` lines: one command fed the statements.
                if let client = InteractiveClient.client(of: text),
                   let session = client.session(expect.map { Substring($0) }, outputToEnd: true) {
                    text = client.fed(text, statements: session.statements)
                    expect = session.output
                }
                if !text.isEmpty { add(text, line: lineNumber, expect: expect, prompt: prompt) }
                index = next
            } else {
                // Blank lines and comments are not commands.
                let first = line.utf8.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
                if first == nil || first == UInt8(ascii: "#") { index += 1; continue }
                var reader = ShellReader()
                var text = String(line)
                reader.feed(line)
                var next = index + 1
                while !reader.isComplete, next < lines.count {
                    text += "\n" + lines[next]
                    reader.feed(lines[next])
                    next += 1
                }
                var expect: [String] = []
                if next < lines.count, let client = InteractiveClient.client(of: text),
                   let session = client.session(Array(lines[next...]), outputToEnd: false) {
                    text = client.fed(text, statements: session.statements)
                    expect = session.output
                    next += session.consumed
                }
                add(text, line: lineNumber, expect: expect)
                index = next
            }
        }
    }

    /// Words allowed around a host in a segment comment; anything else means the comment is prose.
    private static let directiveWords: [[UInt8]] = ["在", "上", "执行", "如下", "以下", "下面", "命令", "操作", "分别", "节点", "主机",
                                         "服务器", "机器", "中", "run", "on", "for", "execute", "the", "following", "commands",
                                         "command", "host", "node", "server", "machine", "only", "this", "these", "as", "root"]
        .map { Array($0.utf8) }.sorted { $0.count > $1.count }
    /// `directiveWords` by their first byte (ASCII lowercase), longest first.
    private static let directiveWordsByFirstByte: [[[UInt8]]] = (0...255).map { byte in
        directiveWords.filter { $0[0] == UInt8(byte) }
    }
    /// Numbering, punctuation and blanks, as a table of all bytes.
    private static let ignorable: [Bool] = (0...255).map { " \t0123456789.,:;()-".utf8.contains(UInt8($0)) }
    private static let ignorableWide: [[UInt8]] = ["、", "，", "：", "；", "。", "（", "）"].map { Array($0.utf8) }

    /// True when `body`, with the `evidence` of its host mentions removed, holds only directive words,
    /// numbering and punctuation. One pass over the bytes, stopping at the first other word.
    private static func onlyDirectiveWords(_ body: String, besides evidence: [String]) -> Bool {
        let bytes = Array(body.utf8)
        let evidence = evidence.map { Array($0.utf8) }.sorted { $0.count > $1.count }
        // The tables once: each use of a static checks that it is initialised.
        let ignorable = Self.ignorable, directiveWords = Self.directiveWordsByFirstByte, ignorableWide = Self.ignorableWide
        var index = 0
        func matches(_ word: [UInt8]) -> Bool {
            guard index + word.count <= bytes.count else { return false }
            for (offset, byte) in word.enumerated() {
                var b = bytes[index + offset]
                if b >= 65 && b <= 90 { b += 32 }   // ASCII case-insensitive
                if b != byte { return false }
            }
            return true
        }
        outer: while index < bytes.count {
            if ignorable[Int(bytes[index])] { index += 1; continue }
            for word in evidence where matches(word) { index += word.count; continue outer }
            var first = bytes[index]
            if first >= 65 && first <= 90 { first += 32 }
            for word in directiveWords[Int(first)] where matches(word) { index += word.count; continue outer }
            for word in ignorableWide where matches(word) { index += word.count; continue outer }
            return false
        }
        return true
    }

    /// Hosts named by a comment line that only says where to run (`# 1. 在X上执行如下命令`, `# on 10.0.0.5`,
    /// `# 192.168.1.5`, `# node1:`); nil for any other line.
    static func segmentHosts(_ line: Substring, finder: HostFinder) -> (hosts: [String], evidence: String)? {
        if case .segment(let hosts, let evidence)? = readComment(line, finder: finder) { return (hosts, evidence) }
        return nil
    }

    /// What a comment line says about machines.
    enum CommentReading {
        /// It only says where to run: the lines after it are these hosts' segment.
        case segment(hosts: [String], evidence: String)
        /// It names a machine (or may: `# For machine 1`, `# on machine-2`) but opens no segment by itself.
        case names(HostComment)
    }

    /// Reads a comment line: a segment comment, a comment that names machines otherwise, or nil (not a
    /// comment, or one that names none).
    static func readComment(_ line: Substring, finder: HostFinder) -> CommentReading? {
        guard line.startsAfterSpaces(with: UInt8(ascii: "#")) else { return nil }
        let trimmed = line.trimmingSpaces()
        guard trimmed.hasPrefix("#"), !trimmed.hasPrefix("#!") else { return nil }
        let body = trimmed.drop(while: { $0 == "#" }).trimmingSpaces()
        let mentions = finder.mentions(in: body)
        if mentions.isEmpty {
            // `# node1:` — a host label the tables may not know.
            let label = body.hasSuffix(":") || body.hasSuffix("：") ? String(body.dropLast()).trimmingSpaces() : ""
            let isName = !label.isEmpty && label.first!.isLetter && label.contains(where: \.isNumber)
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
            if isName { return .segment(hosts: [label], evidence: body) }
            // `# For machine 1`, `# on machine-2`: only directive words around a name or a number, which
            // the names the guide defined earlier may resolve.
            guard body.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }), onlyDirectiveWords(body, besides: []) else { return nil }
            let comment = HostComment(line: 0, text: body, mentions: [], directiveOnly: true)
            return comment.machineWords.isEmpty ? nil : .names(comment)
        }
        guard onlyDirectiveWords(body, besides: mentions.map(\.evidence)) else {
            return .names(HostComment(line: 0, text: body, mentions: mentions, directiveOnly: false))
        }
        return .segment(hosts: mentions.flatMap(\.hosts).uniqued(), evidence: mentions.map(\.evidence).joined(separator: ", "))
    }
}
