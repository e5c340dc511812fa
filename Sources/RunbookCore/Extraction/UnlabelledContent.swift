import Foundation

/// What an unlabelled fence holds, read line by line: shell commands (a guess the plan states as
/// such), or something else (output, config, prose) that is not run. The guess is conservative:
/// every line must read as shell (a known command word, an assignment, a keyword, a comment, a
/// continuation or a here-document body) and at least one must be a known command; one line that
/// does not read as shell and the block is not run.
enum UnlabelledContent {
    /// True when `text` (an unlabelled block's content) reads as shell commands, or as a transcript
    /// whose prompted commands do.
    static func readsAsShell(_ text: String) -> Bool {
        var commands = 0
        var heredoc: Substring?
        var continued = false
        var prompted = false
        let lines = text.linesAtNewlines
        var index = 0
        while index < lines.count {
            let raw = lines[index]
            index += 1
            let line = raw.trimmingSpaces()
            if let delimiter = heredoc {
                if line == delimiter { heredoc = nil }
                continue
            }
            if continued {
                continued = line.hasSuffix("\\")
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var command = Substring(line)
            if let prompt = Prompt.parse(raw) {
                prompted = true
                command = Substring(prompt.command)
            } else if prompted {
                continue   // a transcript's documented output
            }
            guard let kind = reading(command) else { return false }
            if kind == .command { commands += 1 }
            // An interactive client's session (`psql` and `postgres=# …` lines) is the client's input.
            if let client = InteractiveClient.client(of: String(command)),
               let session = client.session(Array(lines[index...]), outputToEnd: prompted) {
                index += session.consumed
                continue
            }
            continued = command.hasSuffix("\\")
            heredoc = hereDocument(in: command)
        }
        return commands > 0
    }

    /// True when every line of `text` is plainly configuration or output, none a command: `[section]`,
    /// `key = value`, `key: value`, `server-id=1` (a name the shell cannot assign), table rules and
    /// rows, a status line, JSON punctuation. A block labelled `bash` holding only these is not run.
    static func readsAsData(_ text: String) -> Bool {
        var data = 0
        for raw in text.linesAtNewlines {
            let line = raw.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if Prompt.parse(raw) != nil { return false }
            // A command line ends the question at once (most lines of a shell block are commands).
            guard reading(Substring(line)) == nil,
                  dataLine.firstMatch(in: line, range: NSRange(location: 0, length: (line as NSString).length)) != nil else { return false }
            data += 1
        }
        return data > 0
    }

    private static let dataLine = try! NSRegularExpression(pattern: #"""
        ^(?:\[[A-Za-z0-9_.:\x20-]+\]
          |[A-Za-z0-9_.-]*[.-][A-Za-z0-9_.-]*\s*=.*
          |[A-Za-z0-9_.-]+\s+=\s*.*
          |[A-Za-z0-9_."-]+:(?:\s.*)?
          |-\s+\S.*
          |[+|][-+=|:\x20A-Za-z0-9_.]*
          |HTTP/\d(?:\.\d)?\s+\d{3}.*
          |[{}\[\]],?
        )$
        """#, options: [.allowCommentsAndWhitespace])   // (a space in a class is written \x20 in this mode)

    enum LineKind { case command, neutral }

    /// How one command line reads: a known command, a neutral shell line, or nil (not shell).
    static func reading(_ line: Substring) -> LineKind? {
        var words = line.split(separator: " ", omittingEmptySubsequences: true)[...]
        // `sudo -u etcd`, `VAR=value cmd`: the command is the word after them.
        var assignments = 0
        while let first = words.first {
            if first == "sudo" || first == "time" || first == "nohup" || first == "exec" || first == "env" {
                words.removeFirst()
                while let flag = words.first, flag.hasPrefix("-") {
                    words.removeFirst()
                    if flag == "-u" || flag == "-g" { _ = words.popFirst() }
                }
            } else if isAssignment(first) {
                // `NAME=$(hostname -s)`: the command inside the substitution says what the line is.
                if let open = first.range(of: "$(") {
                    let inner = first[open.upperBound...].isEmpty ? words.dropFirst().first : first[open.upperBound...]
                    let name = inner.map { String($0.prefix { $0 != ")" }) } ?? ""
                    return knownCommands.contains(name) ? .command : .neutral
                }
                assignments += 1
                words.removeFirst()
                // A quoted value with spaces (`NAME="node 1"`) runs to its closing quote.
                for quote in ["\"", "'"] as [Character] where first.filter({ $0 == quote }).count % 2 == 1 {
                    while let word = words.popFirst(), word.filter({ $0 == quote }).count % 2 == 0 {}
                }
            } else {
                break
            }
        }
        guard var word = words.first else { return assignments > 0 ? .neutral : nil }
        if word.hasPrefix("(") || word.hasPrefix("{") { word = word.drop { $0 == "(" || $0 == "{" } }
        if word.isEmpty { return .neutral }
        if keywords.contains(String(word)) { return .neutral }
        if word.hasPrefix("./") || (word.hasPrefix("/") && word.contains("/bin/")) { return .command }
        let name = word.split(separator: "/").last.map(String.init) ?? String(word)
        return knownCommands.contains(name) ? .command : nil
    }

    /// `NAME=value` (the value may be quoted or empty).
    static func isAssignment(_ word: Substring) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        return SessionScript.isName(String(word[..<equals]))
    }

    /// The delimiter of a here-document the line opens (`cat > f <<EOF`, `<<-'EOF'`), if any.
    static func hereDocument(in line: Substring) -> Substring? {
        let utf8 = line.utf8
        guard let lt = utf8.indices.first(where: { utf8[$0] == UInt8(ascii: "<") && utf8.index(after: $0) < utf8.endIndex && utf8[utf8.index(after: $0)] == UInt8(ascii: "<") }) else { return nil }
        let after = utf8.index(lt, offsetBy: 2)
        guard after == utf8.endIndex || utf8[after] != UInt8(ascii: "<") else { return nil }
        var rest = line[after...].drop { $0 == "-" || $0 == " " }
        rest = rest.drop { $0 == "'" || $0 == "\"" }
        let delimiter = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return delimiter.isEmpty ? nil : delimiter
    }

    static let keywords: Set<String> = ["for", "do", "done", "if", "then", "else", "elif", "fi", "while", "until", "case",
                                        "esac", "}", ")", ";;", "function", "select", "in", "!", "[", "[[", "test", "true",
                                        "false", ":", "set", "unset", "shift", "return", "exit", "trap", "wait", "local",
                                        "readonly", "declare", "typeset", "source", ".", "alias", "umask", "ulimit", "eval"]

    /// Command words guides use, from coreutils to cluster tools.
    static let knownCommands: Set<String> = [
        // shell and files
        "cd", "pwd", "ls", "ll", "mkdir", "rmdir", "rm", "cp", "mv", "ln", "touch", "chmod", "chown", "chgrp", "cat", "tac",
        "echo", "printf", "tee", "head", "tail", "less", "more", "wc", "sort", "uniq", "cut", "tr", "sed", "awk", "grep",
        "egrep", "fgrep", "find", "xargs", "diff", "cmp", "stat", "file", "du", "df", "free", "install", "export", "read",
        "basename", "dirname", "realpath", "readlink", "sleep", "date", "whoami", "id", "hostname", "hostnamectl", "uname",
        "which", "type", "command", "history", "clear", "tar", "gzip", "gunzip", "zcat", "unzip", "zip", "xz", "bzip2",
        "md5sum", "sha256sum", "sha1sum", "base64", "openssl", "dd", "mount", "umount", "lsblk", "blkid", "mkfs", "mkfs.xfs",
        "mkfs.ext4", "fdisk", "parted", "swapoff", "swapon", "sysctl", "modprobe", "lsmod", "ulimit", "envsubst", "yes",
        "seq", "watch", "timeout", "nproc", "lscpu", "getenforce", "setenforce", "ntpdate", "timedatectl", "chronyc",
        "bash", "sh", "zsh", "source", "su", "passwd", "chpasswd", "visudo", "crontab", "at", "screen", "tmux", "vi",
        "vim", "nano", "kill", "killall", "pkill", "pgrep", "ps", "top", "htop", "jobs", "bg", "fg", "disown", "nice",
        "ionice", "strace", "lsof", "fuser", "journalctl", "dmesg", "logger", "tree", "rsync", "scp", "ssh", "ssh-keygen",
        "ssh-copy-id", "ssh-keyscan", "sftp", "jq", "yq", "bc", "expr", "getent", "groupadd", "useradd", "usermod",
        "userdel", "groupmod", "adduser", "addgroup", "newgrp", "gpasswd", "update-alternatives", "ldconfig", "locale",
        "localectl", "setfacl", "getfacl", "mktemp", "split", "truncate", "sync", "shutdown", "reboot", "poweroff",
        // packages and services
        "apt", "apt-get", "apt-cache", "apt-key", "add-apt-repository", "dpkg", "yum", "dnf", "rpm", "zypper", "apk",
        "pacman", "snap", "brew", "pip", "pip3", "pipx", "npm", "npx", "yarn", "pnpm", "gem", "go", "cargo", "rustup",
        "mvn", "gradle", "java", "javac", "make", "cmake", "gcc", "g++", "cc", "configure", "autoreconf", "python",
        "python3", "node", "ruby", "perl", "php", "git", "svn", "curl", "wget", "systemctl", "service", "chkconfig",
        "update-rc.d", "firewall-cmd", "ufw", "iptables", "ip6tables", "nft", "setsebool", "semanage", "restorecon",
        "ip", "ifconfig", "route", "ping", "traceroute", "nslookup", "dig", "host", "ss", "netstat", "nc", "ncat",
        "telnet", "tcpdump", "nmcli", "resolvectl", "update-ca-certificates", "update-ca-trust", "certbot", "cfssl",
        "cfssljson", "keytool", "gpg",
        // containers and clusters
        "docker", "docker-compose", "podman", "buildah", "crictl", "ctr", "nerdctl", "kubectl", "kubeadm", "kubelet",
        "helm", "minikube", "kind", "k3s", "oc", "istioctl", "etcd", "etcdctl", "etcdutl", "consul", "vault", "nomad",
        "terraform", "ansible", "ansible-playbook", "virsh", "vagrant", "lxc",
        // databases and servers
        "mysql", "mysqladmin", "mysqldump", "mysqld", "mysql_secure_installation", "mariadb", "mariadb-dump",
        "mariadb-install-db", "mysql_install_db", "galera_new_cluster", "psql", "pg_ctl", "pg_ctlcluster", "pg_dump",
        "pg_basebackup", "pg_restore", "createdb", "createuser", "initdb", "pg_createcluster", "redis-cli", "redis-server",
        "redis-sentinel", "mongo", "mongosh", "mongod", "mongodump", "zkServer.sh", "zkCli.sh", "kafka-topics.sh",
        "kafka-server-start.sh", "nginx", "apachectl", "httpd", "haproxy", "keepalived", "rabbitmqctl",
        "rabbitmq-plugins", "elasticsearch", "kibana", "prometheus", "grafana-cli", "minio", "mc", "milvus", "sqlite3",
        "influx", "clickhouse-client", "cqlsh", "nodetool",
    ]
}
