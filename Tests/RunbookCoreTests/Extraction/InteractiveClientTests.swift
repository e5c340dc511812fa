import Testing
@testable import RunbookCore

/// Interactive clients typed at in a guide (issue #12): the statements at the client's prompts go
/// to the client's stdin as one command, the output between them is what is verified.
@Suite("interactive clients")
struct InteractiveClientTests {
    static let mysql = """
    # Primary

    ```bash
    [root@localhost ~]# mysql -uroot -p
    Enter password:
    Welcome to the MariaDB monitor.  Commands end with ; or \\g.
    Server version: 10.11.6-MariaDB-0+deb12u1 Debian 12

    MariaDB [(none)]> CREATE DATABASE shop;
    Query OK, 1 row affected (0.001 sec)

    MariaDB [(none)]> SELECT name
        -> FROM shop.items;
    +------+
    | name |
    +------+
    | book |
    +------+
    1 row in set (0.000 sec)

    MariaDB [(none)]> exit
    Bye
    [root@localhost ~]# systemctl status mariadb
    ```
    """

    @Test("mysql -p and MariaDB [(none)]> lines: one command fed the statements; the password from MYSQL_PWD, a placeholder until the inventory gives it")
    func mysqlSession() throws {
        let runbook = plan(Self.mysql)
        let commands = runbook.steps[0].commands
        #expect(commands.count == 2)
        #expect(commands[0].text == "MYSQL_PWD=\"${MYSQL_PWD}\" mysql -uroot --table <<'RUNBOOK_INPUT'\nCREATE DATABASE shop;\nSELECT name\nFROM shop.items;\nRUNBOOK_INPUT")
        #expect(commands[0].expect == ["+------+", "| name |", "+------+", "| book |", "+------+"])
        #expect(commands[1].text == "systemctl status mariadb")
        #expect(runbook.diagnostics.contains { $0.code == .placeholder && $0.message.contains("MYSQL_PWD") })
        #expect(SecretNames.isSecret("MYSQL_PWD") && SecretNames.isSecret("PGPASSWORD") && !SecretNames.isSecret("PWD"))
    }

    @Test("psql with continuation lines and \\q; redis-cli in a script, the script going on after its output")
    func psqlAndRedis() {
        let runbook = plan("""
        # T

        ```console
        $ sudo -u postgres psql
        postgres=# SELECT count(*)
        postgres-#   FROM pg_database;
         count
        -------
             3
        (1 row)

        postgres=# \\q
        ```

        ```bash
        redis-cli -h 127.0.0.1 -p 6379
        127.0.0.1:6379> SET k v
        OK
        127.0.0.1:6379> GET k
        "v"
        echo done
        ```
        """)
        let psql = runbook.steps[0].commands
        #expect(psql.map(\.text) == ["sudo -u postgres psql <<'RUNBOOK_INPUT'\nSELECT count(*)\n  FROM pg_database;\nRUNBOOK_INPUT"])
        #expect(psql.first?.expect == [" count", "-------", "     3", "(1 row)"])
        let redis = runbook.steps[1].commands
        #expect(redis.map(\.text) == ["redis-cli -h 127.0.0.1 -p 6379 --no-raw <<'RUNBOOK_INPUT'\nSET k v\nGET k\nRUNBOOK_INPUT", "echo done"])
        #expect(redis.first?.expect == ["OK", "\"v\""])
    }

    @Test("a client given its statement (-e, -c, a redis command) or its input is not a session", arguments: [
        "mysql -uroot -e 'SHOW DATABASES'", "psql -c 'SELECT 1'", "redis-cli -p 6379 ping", "mysql -uroot < dump.sql",
        "mysqldump -uroot shop", "echo mysql",
    ])
    func notSessions(_ command: String) {
        #expect(InteractiveClient.client(of: command) == nil, "\(command)")
    }

    @Test("`NAME=value cmd` sets NAME for cmd only: a later step's $NAME is unset")
    func prefixAssignment() {
        let runbook = plan("# T\n\n```bash\nETCDCTL_API=3 etcdctl member list\n```\n\n```bash\necho \"$ETCDCTL_API\"\n```\n")
        #expect(runbook.diagnostics.contains { $0.code == .unsetVariable && $0.message.contains("ETCDCTL_API") })
        let set = plan("# T\n\n```bash\nA=1 B=2\n```\n\n```bash\necho \"$A $B\"\n```\n")
        #expect(!set.diagnostics.contains { $0.code == .unsetVariable })
    }
}
