/// What one host's shell session carries from step to step, as a person's terminal on that machine
/// would (SPEC section 12): the working directory, the shell variables the guide set or changed
/// (exported or not), and the umask. Shell functions and aliases are not carried (docs/DECISIONS.md).
public struct SessionState: Sendable, Equatable {
    /// The working directory; nil = the login directory.
    public var cwd: String?
    /// The umask as `umask` prints it (`0022`); nil = the login's.
    public var umask: String?
    /// Variables that differ from a fresh login's, by name.
    public var variables: [String: String]
    /// The names of `variables` that are exported (what child processes, python steps among them, see).
    public var exported: Set<String>

    public init(cwd: String? = nil, umask: String? = nil, variables: [String: String] = [:], exported: Set<String> = []) {
        self.cwd = cwd
        self.umask = umask
        self.variables = variables
        self.exported = exported
    }

    /// A fresh login: nothing carried.
    public static let fresh = SessionState()

    public var isFresh: Bool { self == .fresh }
}

/// The shell text that carries a session across separate processes: before a command, the state is
/// restored and the fresh login's variables are recorded; when the shell exits (also on a `set -e`
/// failure) its working directory, umask and variables are recorded, to a file on the host that the
/// runner reads back. Plain POSIX sh, so it also runs where a wrapper's interpreter is `sh`.
public enum SessionScript {
    /// The first line of every prelude, so that a reader (and the dry-run) can tell it from the step's text.
    public static let marker = "# runbook session: restore the state this host's earlier steps left"
    /// The line after the prelude: the step's own text follows.
    public static let textMarker = "# runbook session: the step's text follows"

    /// Where records are kept on a host, private to its login (a folder made 0700).
    static let folder = "${HOME:-/tmp}/.runbook/sessions"

    /// `text` to run in `state`, recording the state at exit as `record` (a plain name, e.g. the run
    /// id and a counter) in the login's session folder on the host.
    public static func wrap(_ text: String, state: SessionState, record: String) -> String {
        wrap(text, restore: restore(state), record: record)
    }

    /// `text` after the `restore` lines, recording the state at exit as `record`.
    static func wrap(_ text: String, restore: String, record: String) -> String {
        var out = marker + "\n"
        out += "__rb_record=\"\(folder)/\(record)\"\n"
        out += """
        __rb_vars() {
            for __rb_n in $( (set -o posix 2>/dev/null || :; set) | sed -n 's/^\\([A-Za-z_][A-Za-z0-9_]*\\)=.*/\\1/p'); do
                case "$__rb_n" in __rb_*) continue ;; esac
                eval "[ \\"\\${$__rb_n+x}\\" = x ]" || continue
                eval "__rb_v=\\${$__rb_n}"
                printf '%s\\0%s\\0%s\\0' "$1" "$__rb_n" "$__rb_v"
            done
        }
        __rb_exit() {
            __rb_rc=$?
            { printf 'cwd\\0%s\\0umask\\0%s\\0' "$PWD" "$(umask)"; __rb_vars end
              export -p | sed -n 's/^\\(export\\|declare -x\\) \\([A-Za-z_][A-Za-z0-9_]*\\).*/\\2/p' | while read -r __rb_n; do printf 'exported\\0%s\\0' "$__rb_n"; done
            } >>"$__rb_record" 2>/dev/null || :
            [ -z "${__rb_askpass:-}" ] || rm -f "$__rb_askpass"
            exit "$__rb_rc"
        }
        { (umask 077; mkdir -p "${__rb_record%/*}") && __rb_vars fresh >"$__rb_record"; } 2>/dev/null || :

        """
        out += restore
        out += "trap __rb_exit EXIT\n"
        out += textMarker + "\n"
        return out + text
    }

    /// The lines that put a shell in `state`: `cd`, `umask`, assignments and exports.
    public static func restore(_ state: SessionState) -> String {
        var out = ""
        if let cwd = state.cwd { out += "cd -- \(quoted(cwd))\n" }
        if let umask = state.umask, umask.allSatisfy({ ("0"..."7").contains($0) }), !umask.isEmpty { out += "umask \(umask)\n" }
        for name in state.variables.keys.sorted() where isName(name) {
            out += "\(name)=\(quoted(state.variables[name]!))\n"
            if state.exported.contains(name) { out += "export \(name)\n" }
        }
        return out
    }

    /// The first line of the `become:` lines in a command that runs outside the host's session.
    public static let becomeMarker = "# runbook become: the step's sudo as the inventory's become: says"

    /// True when `text` has `sudo` as a word (not `/usr/bin/sudo`, `sudoers`, `sudo.conf`): the
    /// commands that get the `become:` lines, so that a password travels only with a command that may use it.
    public static func usesSudo(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let word: [UInt8] = Array("sudo".utf8)
        guard bytes.count >= word.count else { return false }
        func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E || b == 0x2F || b >= 0x80
        }
        var index = 0
        while index + word.count <= bytes.count {
            if bytes[index] == 0x73, Array(bytes[index..<(index + word.count)]) == word,
               index == 0 || !isNameByte(bytes[index - 1]),
               index + word.count == bytes.count || !isNameByte(bytes[index + word.count]) {
                return true
            }
            index += 1
        }
        return false
    }

    /// The lines that define the step's `sudo` as the inventory's `become:` says (nil: no `become:`).
    /// sudo never asks a terminal: without a password it runs `sudo -n`, so a login that needs one
    /// fails at once; with one, each `sudo` gets a fresh askpass helper (mktemp, 0700, in the login's
    /// 0700 session folder) that prints the password once (a second ask of the same sudo means the
    /// password was refused: the helper has replaced itself with one that refuses, so sudo stops
    /// after one try) and is removed when that sudo returns (and by the session's exit trap, should
    /// the shell be killed while a sudo that did not ask runs). The password travels inside this
    /// text, on stdin, never in argv or the environment; it stands verbatim in quoted here-documents
    /// (no shell quoting splits it), so that masking (`secrets:`) finds it wherever the text is shown.
    /// sudo's own mode flags (`-k`, `-K`, `-V`, `-h`) pass through, as they take no `-n` or `-A`.
    public static func sudo(_ become: Inventory.Become?) -> String {
        let modes = "    case \"${1-}\" in -k|-K|-V|-h|--help|--version|--reset-timestamp|--remove-timestamp) command sudo \"$@\"; return ;; esac\n"
        guard let password = become?.password else {
            return "sudo() {\n" + modes + "    command sudo -n \"$@\"\n}\n"
        }
        return "sudo() {\n" + modes + """
            __rb_askpass=$(umask 077; mkdir -p "\(folder)" && mktemp "\(folder)/askpass.$$.XXXXXX") || return
            printf '#!/bin/sh\\nexit 1\\n' >"$__rb_askpass.refuse" || { rm -f -- "$__rb_askpass"; return 1; }
            cat >"$__rb_askpass" <<'\(helperEnd)' || { rm -f -- "$__rb_askpass" "$__rb_askpass.refuse"; return 1; }
        #!/bin/sh
        mv -f -- "$0.refuse" "$0"
        cat <<'\(passwordEnd)'
        \(password)
        \(passwordEnd)
        \(helperEnd)
            chmod 700 "$__rb_askpass" "$__rb_askpass.refuse" || { rm -f -- "$__rb_askpass" "$__rb_askpass.refuse"; return 1; }
            SUDO_ASKPASS="$__rb_askpass" command sudo -A "$@" || { __rb_sudo=$?; rm -f -- "$__rb_askpass" "$__rb_askpass.refuse"; return "$__rb_sudo"; }
            rm -f -- "$__rb_askpass" "$__rb_askpass.refuse"
        }

        """
    }

    /// The ends of the here-documents of `sudo(_:)`: a become password is never one of them.
    public static let helperEnd = "__RB_ASKPASS_END__", passwordEnd = "__RB_PASSWORD_END__"

    /// `text`, outside the host's session, after the `become:` lines `sudo` gives.
    public static func withBecome(_ text: String, sudo: String) -> String {
        becomeMarker + "\n" + sudo + textMarker + "\n" + text
    }

    /// The command that reads the record back (and removes it), for the runner. The script is on
    /// stdin, so that a wrapper's interpreter runs it the same way.
    public static func readBack(_ record: String) -> HostCommand {
        HostCommand(argv: ["sh", "-s"], stdin: "f=\"\(folder)/\(record)\"; cat -- \"$f\" && rm -f -- \"$f\"\n")
    }

    /// The state a record describes: what the shell ended with that differs from its fresh login.
    /// nil when the record holds no end (the shell was killed before its exit trap ran).
    public static func state(fromRecord bytes: [UInt8]) -> SessionState? {
        let fields = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var fresh: [String: String] = [:], end: [String: String] = [:]
        var state = SessionState()
        var sawEnd = false
        var index = 0
        while index < fields.count {
            switch fields[index] {
            case "fresh" where index + 2 < fields.count:
                fresh[fields[index + 1]] = fields[index + 2]
                index += 3
            case "end" where index + 2 < fields.count:
                end[fields[index + 1]] = fields[index + 2]
                index += 3
            case "cwd" where index + 1 < fields.count:
                state.cwd = fields[index + 1]
                sawEnd = true
                index += 2
            case "umask" where index + 1 < fields.count:
                state.umask = fields[index + 1]
                index += 2
            case "exported" where index + 1 < fields.count:
                state.exported.insert(fields[index + 1])
                index += 2
            default:
                index += 1
            }
        }
        guard sawEnd else { return nil }
        for (name, value) in end where !ignored.contains(name) && !name.hasPrefix("BASH") && fresh[name] != value {
            state.variables[name] = value
        }
        state.exported = state.exported.filter { state.variables[$0] != nil }
        return state
    }

    /// Variables the shell itself sets or changes, never the guide's to carry.
    static let ignored: Set<String> = [
        "PWD", "OLDPWD", "SHLVL", "_", "PPID", "UID", "EUID", "GROUPS", "HOSTNAME", "HOSTTYPE", "OSTYPE", "MACHTYPE",
        "LINENO", "SECONDS", "RANDOM", "SRANDOM", "EPOCHSECONDS", "EPOCHREALTIME", "PIPESTATUS", "FUNCNAME", "OPTIND",
        "OPTARG", "OPTERR", "IFS", "PS1", "PS2", "PS4", "SHELLOPTS", "COLUMNS", "LINES", "HISTCMD", "DIRSTACK",
        "COMP_WORDBREAKS", "MAILCHECK", "HISTFILE", "HISTFILESIZE", "HISTSIZE", "TERM_PROGRAM", "SUDO_ASKPASS",
    ]

    /// True for a shell variable name (`[A-Za-z_][A-Za-z0-9_]*`).
    public static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// One word for a POSIX shell: as is when it holds only safe characters, else single-quoted.
    static func word(_ text: String) -> String {
        !text.isEmpty && text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0)) }) ? text : quoted(text)
    }

    /// One word for a POSIX shell, single-quoted.
    static func quoted(_ text: String) -> String {
        "'" + text.replacing("'", with: "'\\''") + "'"
    }
}
