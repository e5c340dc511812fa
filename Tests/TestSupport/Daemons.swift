import Foundation

/// Real daemons from Debian's packages on the loopback test hosts: each host's daemon has its data,
/// socket and logs under that host's own /mnt/data, listens on the host's own 127.0.0.x address, and
/// runs inside the host's sandbox (started over ssh), so stopping the hosts stops it.
public enum Daemons {
    /// Whether `program` is installed here (scripts/deps.sh installs them).
    public static func installed(_ program: String) -> Bool {
        ["/usr/bin/", "/usr/sbin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + program) }
    }

    /// The session environment for test-hosts.sh `--env`: the stub `systemctl` first on PATH, and
    /// MYSQL_HOME, so that MariaDB's server and clients read the host's own
    /// /mnt/data/mariadb/my.cnf after Debian's /etc/mysql/my.cnf. Writes the stub into `directory`.
    public static func environment(_ directory: URL) -> [String] {
        let bin = directory.appending(path: "sim/bin")
        try? FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let stub = bin.appending(path: "systemctl")
        try? systemctl.write(to: stub, atomically: true, encoding: .utf8)
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        return ["PATH=\(bin.path):/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "MYSQL_HOME=/mnt/data/mariadb"]
    }

    /// Runs `command` on `host` over ssh (inside its sandbox), output to a file: a daemon it starts
    /// would hold a pipe open.
    @discardableResult
    public static func ssh(_ hosts: TestHosts, _ host: TestHosts.Host, _ command: String) throws -> (status: Int32, output: String) {
        let log = hosts.logFile("daemon-\(host.name)")
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        let status = Probe.spawnAndWait(["ssh"] + hosts.sshOptions + ["-o", "BatchMode=yes", "-p", String(host.port),
                                        "root@\(host.address)", command], output: log.path)
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// A fresh MariaDB on `host`: /mnt/data/mariadb/my.cnf (client socket; server datadir, socket,
    /// pid, log, the host's address, port 3306), the system tables, and the server started through the
    /// stub `systemctl start mariadb`. Root logs in through the unix socket (any password).
    public static func startMariaDB(_ hosts: TestHosts, _ host: TestHosts.Host) throws -> (status: Int32, output: String) {
        try ssh(hosts, host, """
            set -e
            mkdir -p /mnt/data/mariadb
            cat > /mnt/data/mariadb/my.cnf <<'EOF'
            [client]
            socket=/mnt/data/mariadb/mysql.sock
            [mysqld]
            user=root
            datadir=/mnt/data/mariadb/data
            socket=/mnt/data/mariadb/mysql.sock
            pid-file=/mnt/data/mariadb/mysqld.pid
            log-error=/mnt/data/mariadb/error.log
            bind-address=\(host.address)
            port=3306
            skip-name-resolve
            EOF
            mariadb-install-db --auth-root-authentication-method=socket > /mnt/data/mariadb/install.log 2>&1 \
                || { tail -n 20 /mnt/data/mariadb/install.log; exit 1; }
            systemctl start mariadb
            """)
    }

    /// `systemctl` for the test hosts: starts and stops the real daemons with the host's /mnt/data.
    /// Units it does not simulate fail, so a guide never believes it started something absent.
    public static let systemctl = #"""
        #!/bin/sh
        # systemctl on a loopback test host (written by TestSupport's Daemons): real MariaDB from
        # Debian's packages with this host's own /mnt/data/mariadb; no other unit.
        verb=""; unit=""; now=""
        for a in "$@"; do
            case "$a" in
                --now) now=1 ;;
                -*) ;;
                *) if [ -z "$verb" ]; then verb=$a; else unit=${a%.service}; fi ;;
            esac
        done
        die() { echo "systemctl (test host): $*" >&2; exit 1; }
        case "$unit" in
        mariadb|mysql|mysqld)
            home=/mnt/data/mariadb
            [ -f "$home/my.cnf" ] || die "no $home/my.cnf: MariaDB was not prepared on this host"
            ping() { mysqladmin -uroot ping >/dev/null 2>&1; }
            stop() {
                ! ping || mysqladmin -uroot shutdown >/dev/null 2>&1
                i=0; while [ -e "$home/mysqld.pid" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
            }
            start() {
                ! ping || return 0
                setsid mariadbd </dev/null >>"$home/mariadbd.out" 2>&1 &
                i=0
                until ping; do
                    sleep 0.1; i=$((i + 1))
                    [ $i -lt 300 ] || { tail -n 20 "$home/error.log" >&2; die "mariadb did not start"; }
                done
            }
            case "$verb" in
                start) start ;;
                stop) stop ;;
                restart) stop; start ;;
                enable) [ -z "$now" ] || start ;;
                disable|daemon-reload) ;;
                status|is-active) if ping; then echo active; else echo inactive; exit 3; fi ;;
                *) die "unsupported: $verb $unit" ;;
            esac ;;
        "") [ "$verb" = daemon-reload ] || die "no unit given" ;;
        *) die "unit $unit is not simulated on this test host" ;;
        esac
        """#
}

extension TestHosts {
    /// An inventory (SPEC §6) binding each guide host to a test host: `ssh:` to it, `address:` so the
    /// guide's address becomes the host's 127.0.0.x in step text, and the host's `vars:`.
    public func inventory(binding: [(guide: String, host: Host, vars: [String: String])], secrets: [String] = [],
                          name: String = "guide-inventory.yaml") throws -> URL {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var lines = ["defaults:", "  user: root",
                     "  ssh_options: [" + (sshOptions.map(quoted)).joined(separator: ", ") + "]", "hosts:"]
        for (guide, host, vars) in binding {
            let values = vars.sorted { $0.key < $1.key }.map { "\(quoted($0.key)): \(quoted($0.value))" }.joined(separator: ", ")
            lines.append("  \(quoted(guide)): { ssh: \(quoted(host.destination)), address: \(host.address)"
                         + (vars.isEmpty ? "" : ", vars: { \(values) }") + " }")
        }
        if !secrets.isEmpty { lines.append("secrets: [" + secrets.map(quoted).joined(separator: ", ") + "]") }
        let url = directory.appending(path: name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
