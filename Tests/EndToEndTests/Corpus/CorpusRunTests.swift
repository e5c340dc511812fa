import Foundation
import Testing
import TestSupport

/// Corpus guides (runbooks/examples/) run by the built binary on loopback sshd hosts against real
/// daemons from Debian's packages (issue #12, must-shows 2 and 3). Every guide address is bound by the
/// inventory to a host's 127.0.0.x (`address:` rewrites it in step text); the daemons listen on those
/// addresses only (fixed ports, so these tests own 127.0.0.200–209) with their data in each host's
/// /mnt/data, and die with the hosts.
@Suite("corpus guides run on loopback hosts with real daemons", .serialized)   // the daemons listen on fixed ports of fixed addresses
struct CorpusRunTests {
    static func guide(_ file: String) -> String { Checkout.runbook("examples/\(file)") }

    static func run(_ file: String, inventory: URL, in hosts: TestHosts) throws -> (status: Int32, output: String) {
        try CLI.run(["run", guide(file), "-i", inventory.path, "--yes", "--log-dir", hosts.directory.appending(path: "logs").path],
                    in: hosts.directory)
    }

    @Test("redis-primary-replica.md: config from prose with <your-ip>, a replica, the key read back on it",
          .enabled(if: Daemons.installed("redis-server") && Daemons.installed("redis-cli")), .timeLimit(.minutes(2)))
    func redis() async throws {
        try await TestHosts.with(count: 2, firstOctet: 200) { hosts in
            let inventory = try hosts.inventory(binding: [
                ("192.0.2.21", hosts.hosts[0], ["your-ip": hosts.hosts[0].address]),
                ("192.0.2.22", hosts.hosts[1], ["your-ip": hosts.hosts[1].address]),
            ])
            let result = try Self.run("redis-primary-replica.md", inventory: inventory, in: hosts)
            #expect(result.status == 0, "\(result.output)")
            #expect(try CLI.recap(result.output).contains("9 ok"))
            // The config each host got names its own address; the replica holds the primary's key.
            let conf = try String(contentsOf: hosts.hosts[1].mntData.appending(path: "redis/redis.conf"), encoding: .utf8)
            #expect(conf.hasPrefix("bind \(hosts.hosts[1].address)\n"))
            let read = try Daemons.ssh(hosts, hosts.hosts[1], "redis-cli --raw -h \(hosts.hosts[1].address) get greeting")
            #expect(read.output.trimmingCharacters(in: .whitespacesAndNewlines) == "hello")
        }
    }

    @Test("etcd-static-annotated.md: three real etcd members elect a leader; a key put on one is read on another",
          .enabled(if: Daemons.installed("etcd") && Daemons.installed("etcdctl")), .timeLimit(.minutes(2)))
    func etcd() async throws {
        try await TestHosts.with(count: 3, firstOctet: 203) { hosts in
            let inventory = try hosts.inventory(binding: hosts.hosts.enumerated().map { index, host in
                ("203.0.113.\(10 + index)", host, ["your-ip": host.address, "member-name": "infra\(index)"])
            })
            let result = try Self.run("etcd-static-annotated.md", inventory: inventory, in: hosts)
            #expect(result.status == 0, "\(result.output)")
            #expect(try CLI.recap(result.output).contains("8 ok"))
            // The members' data is in each host's own /mnt/data.
            for host in hosts.hosts {
                #expect(FileManager.default.fileExists(atPath: host.mntData.appending(path: "etcd/member").path))
            }
        }
    }

    /// Must-show 2. The test starts a real MariaDB on each host (Daemons.startMariaDB); the guide
    /// then appends its replication settings to /mnt/data/mariadb/my.cnf, restarts the server (the
    /// hosts' `systemctl`), and types its SQL at `MariaDB [(none)]>` prompts after `mysql -uroot -p`
    /// under `#### Master` / `#### Slave` headings with the same `[root@localhost ~]#` prompt.
    /// It needs: role headings (Master/Slave → the table's master/slave rows, 192.168.56.101/102)
    /// and interactive clients (the statements fed on the client's stdin; `-p` without a terminal reads
    /// the password from stdin's first line and would swallow the statements, so the password must come
    /// another way, e.g. MYSQL_PWD from the inventory's secrets; root here logs in by the unix socket,
    /// so any password works; the output shown between prompts is what `mysql -t` prints).
    @Test("mysql-master-slave.zh.md: a row written on the primary is read on the replica",
          .enabled(if: Daemons.installed("mariadbd") && Daemons.installed("mysql")), .timeLimit(.minutes(3)))
    func mariadb() async throws {
        try await TestHosts.with(count: 2, firstOctet: 207, environment: Daemons.environment) { hosts in
            for host in hosts.hosts {
                let started = try Daemons.startMariaDB(hosts, host)
                try #require(started.status == 0, "MariaDB on \(host.name): \(started.output)")
            }
            let inventory = try hosts.inventory(binding: [
                // `mysql -uroot -p` takes its password from MYSQL_PWD (root logs in by the socket: any value).
                ("192.168.56.101", hosts.hosts[0], ["MYSQL_PWD": "unused-here"]),
                ("192.168.56.102", hosts.hosts[1], ["MYSQL_PWD": "unused-here"]),
            ], secrets: ["Repl@2024"])
            let result = try Self.run("mysql-master-slave.zh.md", inventory: inventory, in: hosts)
            #expect(result.status == 0, "\(result.output)")
            let read = try Daemons.ssh(hosts, hosts.hosts[1], "mysql -uroot -N -e \"SELECT item FROM shop.orders WHERE id = 1\"")
            #expect(read.output.trimmingCharacters(in: .whitespacesAndNewlines) == "book", "\(read.output)")
        }
    }

    /// What the MariaDB end-to-end stands on, with today's rules: the test's servers start in the
    /// sandboxes, and replication set up over ssh (the statements the guide types) carries a row.
    @Test("MariaDB support: two servers on loopback hosts replicate a row",
          .enabled(if: Daemons.installed("mariadbd") && Daemons.installed("mysql")), .timeLimit(.minutes(3)))
    func mariadbSupport() async throws {
        try await TestHosts.with(count: 2, firstOctet: 207, environment: Daemons.environment) { hosts in
            for host in hosts.hosts {
                let started = try Daemons.startMariaDB(hosts, host)
                try #require(started.status == 0, "MariaDB on \(host.name): \(started.output)")
            }
            let (primary, replica) = (hosts.hosts[0], hosts.hosts[1])
            let configure = { (host: TestHosts.Host, lines: String) in
                try Daemons.ssh(hosts, host, "printf '[mysqld]\\n\(lines)' >> /mnt/data/mariadb/my.cnf && systemctl restart mariadb")
            }
            #expect(try configure(primary, "server-id=1\\nlog-bin=mysql-bin\\n").status == 0)
            #expect(try configure(replica, "server-id=2\\nrelay-log=relay-bin\\nread-only=1\\n").status == 0)
            let sql = { (host: TestHosts.Host, statements: String) in
                try Daemons.ssh(hosts, host, "mysql -uroot -t <<'SQL'\n\(statements)\nSQL")
            }
            #expect(try sql(primary, "CREATE USER 'repl'@'%' IDENTIFIED BY 'Repl@2024';\nGRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';").status == 0)
            #expect(try sql(replica, "CHANGE MASTER TO MASTER_HOST='\(primary.address)', MASTER_USER='repl', MASTER_PASSWORD='Repl@2024', MASTER_USE_GTID=slave_pos;\nSTART SLAVE;").status == 0)
            #expect(try sql(primary, "CREATE DATABASE shop;\nCREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(32));\nINSERT INTO shop.orders VALUES (1, 'book');").status == 0)
            let replicated = try await Probe.eventually(attempts: 100) {
                try Daemons.ssh(hosts, replica, "mysql -uroot -N -e 'SELECT item FROM shop.orders WHERE id = 1'").output.contains("book")
            }
            #expect(replicated)
        }
    }
}
