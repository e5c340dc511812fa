import Foundation

/// What each step inherits from its hosts' sessions, read from the guide's text before anything runs:
/// the working directory an earlier `cd` left, and the variables an earlier step set that this one
/// uses. A variable used that nothing sets is an `unset-variable` warning (the run would fail with
/// `unbound variable` under `set -u`).
enum SessionAnalysis {
    /// Fills each step's `inherits` and returns the `unset-variable` warnings, in step order.
    static func analyze(_ steps: inout [Step], provided: Set<String> = []) -> [Diagnostic] {
        analyzeWithPlaceholders(&steps, provided: provided).diagnostics
    }

    /// `analyze`, with the `${NAME}` uses no earlier step sets: placeholders for the reader to fill
    /// in (a guide writes `${TOKEN}` for "your token"), not `unset-variable` warnings.
    static func analyzeWithPlaceholders(_ steps: inout [Step], provided: Set<String> = []) -> (diagnostics: [Diagnostic], placeholders: [Placeholder]) {
        var placeholders: [Placeholder] = []
        var cwd: [String: (String, String)] = [:]          // host → (dir, "1/1 L7")
        var variables: [String: [String: String]] = [:]    // host → name → "1/1 L8"
        var diagnostics: [Diagnostic] = []
        for index in steps.indices where steps[index].kind == .script || steps[index].kind == .transcript {
            let step = steps[index]
            var inherits: [String] = []
            var warned = Set<String>()
            // Each command read once, whichever of the step's hosts it runs on.
            let scanned = step.commands.map { ShellWords.mayMatter($0.text) ? ShellWords.scan($0.text) : nil }
            for host in step.hosts {
                var known = variables[host] ?? [:]
                var here = cwd[host]
                let carried = step.inSession
                if !carried { known = [:]; here = nil }
                if let here, !inherits.contains("cwd \(here.0) from \(here.1)") { inherits.append("cwd \(here.0) from \(here.1)") }
                var setHere = Set<String>()
                for (command, scan) in zip(step.commands, scanned) where command.host == nil || command.host == host {
                    guard let words = scan else { continue }
                    // A command that sets a name and uses it (`for f in …; do echo $f; done`) sets it first.
                    for name in words.sets { setHere.insert(name) }
                    for use in words.uses where !setHere.contains(use.name) {
                        if let from = known[use.name] {
                            let line = "\(use.name) from \(from)"
                            if !inherits.contains(line) { inherits.append(line) }
                        } else if !ShellWords.wellKnown.contains(use.name), !provided.contains(use.name), warned.insert(use.name).inserted {
                            if use.braced {
                                placeholders.append(Placeholder(token: "${\(use.name)}", name: use.name, isVariable: true,
                                                                step: step.id, line: command.line + use.line))
                                continue
                            }
                            diagnostics.append(Diagnostic(.unsetVariable, line: command.line + use.line,
                                "`$\(use.name)` is used here, but no earlier step on \(host) sets it",
                                hint: "set it in an earlier block, give it in the inventory's vars:, or write ${\(use.name):-default}"))
                        }
                    }
                    guard carried else { continue }
                    for name in words.sets { variables[host, default: [:]][name] = "\(step.id) L\(command.line)" }
                    if let dir = words.cds.last { cwd[host] = (dir, "\(step.id) L\(command.line)") }
                }
            }
            steps[index].inherits = inherits
        }
        return (diagnostics, placeholders)
    }
}

/// What a shell text does with variables, read as bash reads it, roughly: the names it expands (not
/// inside single quotes or quoted heredocs, not `${NAME:-default}` forms that handle an unset name),
/// the names it assigns (`NAME=`, `export NAME=`, `for NAME in`, `read NAME`), and the literal
/// directories it `cd`s into.
enum ShellWords {
    struct Use: Equatable {
        var name: String
        /// The line within the text (0-based).
        var line: Int
        /// Written `${NAME}`.
        var braced = false
    }

    /// Environment a login has, and what the shell sets by itself.
    static let wellKnown: Set<String> = [
        "HOME", "PATH", "USER", "LOGNAME", "PWD", "OLDPWD", "SHELL", "HOSTNAME", "HOSTTYPE", "OSTYPE", "MACHTYPE",
        "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TERM", "UID", "EUID", "PPID", "RANDOM", "SECONDS", "LINENO", "IFS",
        "TMPDIR", "EDITOR", "VISUAL", "PAGER", "PS1", "PS2", "BASH", "BASHPID", "BASH_VERSION", "BASH_SOURCE",
        "BASH_REMATCH", "FUNCNAME", "PIPESTATUS", "GROUPS", "SUDO_USER", "SUDO_UID", "SUDO_GID", "DISPLAY", "REPLY",
        "OPTARG", "OPTIND", "MAIL", "SHLVL", "COLUMNS", "LINES", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY",
        "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "HISTFILE", "EPOCHSECONDS",
    ]

    /// False for text that can neither expand, assign nor `cd` (no `$`, no `=`, no `cd`, `read` or
    /// `for`): most command lines of a long guide, skipped without reading them character by character.
    /// An `=` counts only after a name that starts a word (`A=1`, not `--endpoints=…`), and `cd`,
    /// `read`, `for`, `export`, `local`, `declare`, `readonly`, `typeset` only as whole words. Judge: `scan` itself (FastPathTests).
    static func mayMatter(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            if bytes.contains(UInt8(ascii: "$")) { return true }
            func isNameByte(_ b: UInt8) -> Bool {
                (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F
            }
            func isBoundary(_ i: Int) -> Bool { i < 0 || i >= bytes.count || !isNameByte(bytes[i]) && bytes[i] < 0x80 && bytes[i] != UInt8(ascii: "-") && bytes[i] != UInt8(ascii: ".") && bytes[i] != UInt8(ascii: "/") }
            for i in bytes.indices where bytes[i] == UInt8(ascii: "=") {
                var start = i
                while start > 0, isNameByte(bytes[start - 1]) { start -= 1 }
                if start < i, isBoundary(start - 1) { return true }
            }
            for word in ["cd", "read", "for", "export", "local", "declare", "readonly", "typeset"] {
                let w = Array(word.utf8)
                guard bytes.count >= w.count else { continue }
                for i in 0...(bytes.count - w.count) where (0..<w.count).allSatisfy({ bytes[i + $0] == w[$0] }) {
                    if isBoundary(i - 1) && isBoundary(i + w.count) { return true }
                }
            }
            return false
        }
    }

    static func scan(_ text: String) -> (uses: [Use], sets: [String], cds: [String]) {
        var uses: [Use] = [], sets: [String] = [], cds: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        var heredoc: (delimiter: String, expands: Bool)? = nil
        var pendingHeredoc: (delimiter: String, expands: Bool)? = nil
        for (number, line) in lines.enumerated() {
            if let open = heredoc {
                if String(line).trimmingCharacters(in: .init(charactersIn: "\t")) == open.delimiter { heredoc = nil; continue }
                if open.expands { uses += expansions(in: line, line: number, inDoubleQuotes: true) }
                continue
            }
            uses += expansions(in: line, line: number, inDoubleQuotes: false)
            let words = simpleWords(line)
            sets += assignments(in: words)
            for (index, word) in words.enumerated() where word == "cd" && (index == 0 || ["&&", ";", "||", "then", "do"].contains(words[index - 1])) {
                if index + 1 < words.count, let dir = literal(words[index + 1]), dir.hasPrefix("/") { cds.append(dir) }
            }
            if let found = heredocStart(line) { pendingHeredoc = found }
            if let pending = pendingHeredoc { heredoc = pending; pendingHeredoc = nil }
        }
        return (uses, sets, cds)
    }

    /// `$NAME` and `${NAME…}` expansions outside single quotes.
    static func expansions(in line: [Character], line number: Int, inDoubleQuotes startQuoted: Bool) -> [Use] {
        var uses: [Use] = []
        var single = false, double = startQuoted
        var index = 0
        func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
        func isName(_ c: Character) -> Bool { isNameStart(c) || (c.isASCII && c.isNumber) }
        while index < line.count {
            let c = line[index]
            if c == "\\" && !single { index += 2; continue }
            if c == "'" && !double && !startQuoted { single.toggle(); index += 1; continue }
            if c == "\"" && !single && !startQuoted { double.toggle(); index += 1; continue }
            if c == "#" && !single && !double && (index == 0 || line[index - 1] == " " || line[index - 1] == "\t") { break }
            if c == "$" && !single && index + 1 < line.count {
                let next = line[index + 1]
                if isNameStart(next) {
                    var end = index + 1
                    while end < line.count && isName(line[end]) { end += 1 }
                    uses.append(Use(name: String(line[(index + 1)..<end]), line: number))
                    index = end
                    continue
                }
                if next == "{", index + 2 < line.count, isNameStart(line[index + 2]) {
                    var end = index + 2
                    while end < line.count && isName(line[end]) { end += 1 }
                    let after = end < line.count ? line[end] : "}"
                    // ${NAME:-x}, ${NAME-x}, ${NAME:=x}, ${NAME:+x}, ${NAME+x}, ${NAME:?x}: the author handles unset.
                    if after == "}" || after == "#" || after == "%" || after == "/" || after == "[" || after == "^" || after == "," {
                        uses.append(Use(name: String(line[(index + 2)..<end]), line: number, braced: after == "}"))
                    }
                    index = end
                    continue
                }
            }
            index += 1
        }
        return uses
    }

    /// The line's words split at blanks and `;` (quotes kept inside words), comments dropped.
    static func simpleWords(_ line: [Character]) -> [String] {
        var words: [String] = [], current = ""
        var single = false, double = false
        for c in line {
            if c == "'" && !double { single.toggle() }
            if c == "\"" && !single { double.toggle() }
            if !single && !double && (c == " " || c == "\t" || c == ";") {
                if !current.isEmpty { words.append(current); current = "" }
                if c == ";" { words.append(";") }
                continue
            }
            if !single && !double && c == "#" && current.isEmpty { break }
            current.append(c)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Names the words assign: `NAME=…` where a command starts (not when a command follows on the
    /// line: `NAME=… cmd` is for that command only), after `export`/`local`/`declare`/
    /// `readonly`, `for NAME in`, `read [-r …] NAME…`.
    static func assignments(in words: [String]) -> [String] {
        var names: [String] = []
        var commandStart = true
        var index = 0
        func name(before equals: String) -> String? {
            guard let eq = equals.firstIndex(of: "=") else { return nil }
            var candidate = String(equals[..<eq])
            if candidate.hasSuffix("+") { candidate.removeLast() }
            return SessionScript.isName(candidate) ? candidate : nil
        }
        while index < words.count {
            let word = words[index]
            if ["&&", "||", ";", "|", "then", "do", "else", "{", "("].contains(word) { commandStart = true; index += 1; continue }
            if commandStart, name(before: word) != nil {
                // `A=1 B=2` alone sets them in the shell; `A=1 cmd` sets A for cmd only.
                var end = index
                while end < words.count, name(before: words[end]) != nil { end += 1 }
                if end == words.count || ["&&", "||", ";", "|", "&"].contains(words[end]) {
                    names += words[index..<end].compactMap(name(before:))
                }
                index = end
                commandStart = false
                continue
            }
            if commandStart && ["export", "local", "declare", "readonly", "typeset"].contains(word) {
                index += 1
                while index < words.count, !["&&", "||", ";", "|"].contains(words[index]) {
                    if let assigned = name(before: words[index]) { names.append(assigned) }
                    else if SessionScript.isName(words[index]) { names.append(words[index]) }
                    index += 1
                }
                continue
            }
            if commandStart && word == "for", index + 2 < words.count, words[index + 2] == "in", SessionScript.isName(words[index + 1]) {
                names.append(words[index + 1])
                index += 3
                commandStart = false
                continue
            }
            if commandStart && word == "read" {
                index += 1
                while index < words.count, !["&&", "||", ";", "|"].contains(words[index]) {
                    let w = words[index]
                    if w == "-p" || w == "-t" || w == "-d" || w == "-u" || w == "-n" || w == "-a" { index += 2; continue }
                    if !w.hasPrefix("-"), SessionScript.isName(w) { names.append(w) }
                    index += 1
                }
                continue
            }
            commandStart = false
            index += 1
        }
        return names
    }

    /// The word as written when it holds no expansion (quotes removed), else nil.
    static func literal(_ word: String) -> String? {
        guard !word.contains("$"), !word.contains("`"), !word.contains("~") else { return nil }
        return word.replacing("\"", with: "").replacing("'", with: "")
    }

    /// A heredoc opened on this line: its delimiter and whether its body expands (`<<EOF` does,
    /// `<<'EOF'`, `<<"EOF"` and `<<\EOF` do not).
    static func heredocStart(_ line: [Character]) -> (delimiter: String, expands: Bool)? {
        let text = String(line)
        guard let range = text.range(of: "<<"), !text[range.upperBound...].hasPrefix("<") else { return nil }
        var rest = text[range.upperBound...].drop { $0 == "-" || $0 == " " }
        var expands = true
        if rest.first == "'" || rest.first == "\"" || rest.first == "\\" { expands = false; rest = rest.dropFirst() }
        let delimiter = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return delimiter.isEmpty ? nil : (String(delimiter), expands)
    }
}
