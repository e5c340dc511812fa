import Foundation

/// An interactive client typed at in a guide: `mysql -uroot -p` followed by `MariaDB [(none)]> …`
/// lines (also psql, redis-cli, sqlite3, zkCli.sh). It becomes one command whose stdin is the
/// statements typed at the client's prompts, verified against the output shown between them. No
/// client is ever left waiting at a prompt: a password it would ask for comes from a variable the
/// inventory gives (`MYSQL_PWD`, `PGPASSWORD`), which the plan lists as a placeholder until then.
struct InteractiveClient {
    let name: String
    /// A statement typed at the prompt: the text after it (group 1).
    let prompt: NSRegularExpression
    /// A continuation line of a statement (`    -> …`, `db-# …`), group 1.
    let continuation: NSRegularExpression?
    /// Output lines that interactive use prints but piped use does not (or that say nothing).
    let chatter: NSRegularExpression?

    static let clients: [String: InteractiveClient] = {
        func re(_ pattern: String) -> NSRegularExpression { try! NSRegularExpression(pattern: pattern) }
        let mysql = InteractiveClient(
            name: "mysql",
            prompt: re(#"^\s*(?:mysql|MySQL \[[^\]]*\]|MariaDB \[[^\]]*\]|mariadb)>\s?(.*)$"#),
            continuation: re(#"^\s*(?:->|'>|">)\s?(.*)$"#),
            chatter: re(#"^(?:Enter password:.*|Query OK, .*|\d+ rows? in set.*|Empty set.*|Rows matched: .*|Records: .*|Bye|Welcome to the .*|Your (?:MySQL|MariaDB) connection id is .*|Server version: .*|Copyright \(c\).*|Oracle is a registered .*|affiliates\. Other names .*|owners\.|Type 'help;' or '\\h' .*|Database changed|Reading table information .*|You can turn off this feature .*|\s*)$"#))
        let psql = InteractiveClient(
            name: "psql",
            prompt: re(#"^\s*[A-Za-z_][A-Za-z0-9_]*=[#>]\s?(.*)$"#),
            continuation: re(#"^\s*[A-Za-z_][A-Za-z0-9_]*-[#>('"]\s?(.*)$"#),
            chatter: re(#"^(?:Password(?: for user \S+)?:.*|psql \(.*\)|Type "help" for help\.|\s*)$"#))
        let redis = InteractiveClient(
            name: "redis-cli",
            prompt: re(#"^\s*(?:(?:\d{1,3}(?:\.\d{1,3}){3}|localhost|\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d+(?:\[\d+\])?|redis|not connected)>\s?(.*)$"#),
            continuation: nil, chatter: re(#"^\s*$"#))
        let sqlite = InteractiveClient(
            name: "sqlite3",
            prompt: re(#"^\s*sqlite>\s?(.*)$"#), continuation: re(#"^\s*\.\.\.>\s?(.*)$"#),
            chatter: re(#"^(?:SQLite version .*|Enter "\.help" .*|Connected to a transient .*|Use "\.open FILENAME" .*|\s*)$"#))
        let zookeeper = InteractiveClient(
            name: "zkCli.sh",
            prompt: re(#"^\s*\[zk: [^\]]*\]\s?(.*)$"#), continuation: nil,
            chatter: re(#"^(?:Connecting to .*|Welcome to ZooKeeper!.*|JLine support .*|WATCHER::|WatchedEvent .*|\s*)$"#))
        return ["mysql": mysql, "mariadb": mysql, "psql": psql, "redis-cli": redis, "sqlite3": sqlite, "zkCli.sh": zookeeper]
    }()

    /// Words that end a client session when typed at its prompt.
    static let endWords: Set<String> = ["\\q", "\\quit", "quit", "exit", "quit;", "exit;", ".quit", ".exit"]

    /// The client `command` starts when it starts one interactively: a known client with no
    /// statement of its own (`-e`, `-c`, a redis command), no input redirection and no pipe.
    static func client(of command: String) -> InteractiveClient? {
        // By bytes first: this is asked of every command line of every shell block. The command word
        // (after `sudo` and its options, and `NAME=value` words) must be a client's name.
        // A client, `sudo`, a path, or an assignment (upper case) first; most commands start otherwise.
        guard let lead = command.utf8.first(where: { $0 != 0x20 }),
              "mprsz/.".utf8.contains(lead) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(lead) else { return nil }
        let bytes = Array(command.utf8)
        guard !bytes.contains(0x0A), !bytes.contains(UInt8(ascii: "<")), !bytes.contains(UInt8(ascii: "|")) else { return nil }
        var words = bytes.split(separator: 0x20)[...]
        while let word = words.first {
            if word.elementsEqual("sudo".utf8) {
                words.removeFirst()
                while let flag = words.first, flag.first == UInt8(ascii: "-") {
                    words.removeFirst()
                    if flag.elementsEqual("-u".utf8) || flag.elementsEqual("-g".utf8) { _ = words.popFirst() }
                }
            } else if word.first != UInt8(ascii: "="), word.contains(UInt8(ascii: "=")) {
                words.removeFirst()
            } else {
                break
            }
        }
        guard let word = words.first else { return nil }
        let name = word.split(separator: UInt8(ascii: "/")).last ?? word
        guard clientNames.contains(Array(name)) else { return nil }
        return slowClient(of: command)
    }

    private static let clientNames: Set<[UInt8]> = Set(clients.keys.map { Array($0.utf8) })

    private static func slowClient(of command: String) -> InteractiveClient? {
        var words = command.split(separator: " ")[...]
        // `sudo -u postgres psql`, `MYSQL_HOST=db mysql`: the client is the word after them.
        while let first = words.first, first == "sudo" || UnlabelledContent.isAssignment(first) {
            words.removeFirst()
            if first == "sudo" {
                while let flag = words.first, flag.hasPrefix("-") {
                    words.removeFirst()
                    if flag == "-u" || flag == "-g" { _ = words.popFirst() }
                }
            }
        }
        guard let first = words.first else { return nil }
        let name = String(first.split(separator: "/").last ?? first)
        guard let client = clients[name] else { return nil }
        let arguments = words.dropFirst()
        switch client.name {
        case "mysql": if arguments.contains(where: { $0 == "-e" || $0.hasPrefix("--execute") || $0.hasPrefix("-e") }) { return nil }
        case "psql": if arguments.contains(where: { $0 == "-c" || $0.hasPrefix("--command") || $0 == "-f" || $0.hasPrefix("--file") }) { return nil }
        case "redis-cli":
            // Options take values (`-h host -p 6379 -a pw`); a word that is neither is a command to run.
            var rest = Array(arguments)
            while let word = rest.first {
                rest.removeFirst()
                if word.hasPrefix("-") {
                    if ["-h", "-p", "-a", "-n", "-u", "-s", "--user", "--pass", "--tls", "--cacert", "--cert", "--key"].contains(String(word)), !rest.isEmpty, word != "--tls" { rest.removeFirst() }
                } else {
                    return nil
                }
            }
        case "sqlite3": if arguments.filter({ !$0.hasPrefix("-") }).count > 1 { return nil }
        default: break
        }
        return client
    }

    /// The statements of `lines` (what follows the client command), the output shown between them,
    /// and how many of the lines belong to the session; nil when no line is at the client's prompt.
    /// In a transcript (`outputToEnd`) the lines after the last statement are its output; in a
    /// script the session ends at its last prompt line and the lines after it are shell again.
    func session(_ lines: [Substring], outputToEnd: Bool) -> (statements: [String], output: [String], consumed: Int)? {
        var statements: [String] = []
        var output: [String] = []
        var pending: [String] = []
        var consumed = 0
        var sawPrompt = false
        var ended = false
        for (index, line) in lines.enumerated() {
            let text = String(line)
            if let typed = Self.group(prompt, text) {
                sawPrompt = true
                output += pending
                pending = []
                consumed = index + 1
                if Self.endWords.contains(typed.trimmingCharacters(in: .whitespaces)) { ended = true; break }
                if !typed.trimmingCharacters(in: .whitespaces).isEmpty { statements.append(typed) }
            } else if sawPrompt, let continuation, let more = Self.group(continuation, text) {
                if !statements.isEmpty { statements[statements.count - 1] += "\n" + more }
                consumed = index + 1
            } else if let chatter, chatter.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil {
                if sawPrompt { consumed = index + 1 }
                continue
            } else {
                pending.append(text)
            }
        }
        guard sawPrompt, !statements.isEmpty else { return nil }
        if !outputToEnd, !ended {
            // In a script, the last statement's output runs up to the first line that reads as shell.
            var shown: [String] = []
            while consumed < lines.count {
                let text = String(lines[consumed])
                let isChatter = chatter?.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
                if !isChatter {
                    guard UnlabelledContent.reading(Substring(text.trimmingCharacters(in: .whitespaces))) == nil else { break }
                    shown.append(text)
                }
                consumed += 1
            }
            return (statements, output + shown, consumed)
        }
        if ended || pending.isEmpty { return (statements, output, consumed) }
        // After the last statement: its output, up to the end of what was given.
        return (statements, output + pending, lines.count)
    }

    /// `command` with `statements` on its stdin, and the rewrites piped use needs: a password the
    /// client would prompt for comes from a variable (`-p` alone → `MYSQL_PWD`), and mysql prints
    /// tables (`--table`) and redis-cli formatted replies (`--no-raw`) as they look interactively.
    func fed(_ command: String, statements: [String]) -> String {
        var words = command.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var prefix = ""
        switch name {
        case "mysql":
            if let index = words.firstIndex(where: { $0 == "-p" || $0 == "--password" }) {
                words.remove(at: index)
                prefix = "MYSQL_PWD=\"${MYSQL_PWD}\" "
            }
            if !words.contains("--table") && !words.contains("-t") { words.append("--table") }
        case "psql":
            if let index = words.firstIndex(where: { $0 == "-W" || $0 == "--password" }) {
                words.remove(at: index)
                prefix = "PGPASSWORD=\"${PGPASSWORD}\" "
            }
        case "redis-cli":
            if !words.contains("--no-raw") && !words.contains("--raw") { words.append("--no-raw") }
        default:
            break
        }
        let body = statements.joined(separator: "\n")
        var delimiter = "RUNBOOK_INPUT"
        while body.split(separator: "\n").contains(where: { $0 == delimiter }) { delimiter += "_" }
        let sudo = words.first == "sudo" && !prefix.isEmpty ? "sudo " : ""
        if !sudo.isEmpty { words.removeFirst() }
        return sudo + prefix + words.joined(separator: " ") + " <<'\(delimiter)'\n" + body + "\n" + delimiter
    }

    private static func group(_ regex: NSRegularExpression, _ text: String) -> String? {
        let ns = text as NSString
        guard let match = regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)), match.numberOfRanges > 1,
              match.range(at: 1).location != NSNotFound else { return nil }
        return ns.substring(with: match.range(at: 1))
    }
}
