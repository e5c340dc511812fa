import Testing
@testable import RunbookCore

/// The rules a fact waits for, named as in issue #12; nil = the fact holds on main today.
enum Waits: String, Sendable {
    case scopes = "waits for scope rules (document/section scopes, “on all three nodes”, “在每台服务器上”)"
    case scopeAfter = "waits for scope rules (a scope stated after the blocks: “Remember to run the above …”)"
    case roleHeadings = "waits for role headings (`#### Master`, `### On the primary`) with localhost prompts"
    case localWords = "waits for local words (“from your workstation”, “在客户端执行”) as provenance"
    case loops = "waits for scope rules (a `for … ssh` loop runs on the node the prose names)"
    case interactive = "waits for interactive clients (mysql/psql/redis-cli/zkCli prompts → statements on stdin)"
    case assignments = "waits for unlabelled fences by content: a block of assignments with $(…) reads as shell"
    case outputLabels = "waits for output labels in longer prose (“输出如下（…）：”, “…keep the token. You should see:”)"
    case noSilentLocal = "waits for no silent local (remote words the rules cannot resolve → unresolved-host)"
}

/// What one block of a corpus guide must plan as (issue #12: step → hosts, kind, expectations).
struct Fact: Sendable, CustomTestStringConvertible {
    var guide: String
    /// Text in the step's commands (text or documented output), its file's destination or content.
    var find: String
    /// Which of the steps that match `find`, in guide order.
    var nth = 0
    var kind: StepKind
    /// True when the fence is unlabelled, so the plan must say the kind was a guess.
    var inferred = false
    /// Documented output lines the step must expect (from a transcript or a block labelled in prose).
    var expects: [String] = []
    var kindWaits: Waits? = nil
    /// The hosts, in order; nil = not checked; [] = unresolved (never local, an unresolved-host note).
    var hosts: [String]?
    var source: HostSource? = nil
    var hostsWait: Waits? = nil
    /// For interactive clients: the client command and the statements typed at its prompts.
    var client: String? = nil
    var statements: [String] = []

    var testDescription: String { "\(guide): \(find.prefix(40))\(nth > 0 ? " #\(nth + 1)" : "")" }
}

/// One guide of runbooks/examples/ and the shape it shows.
struct CorpusGuide: Sendable, CustomTestStringConvertible {
    var file: String
    var shape: String
    /// `vars:` names the guide leaves to its reader.
    var placeholders: [String] = []
    /// Why a block of it is still dropped (not run and nobody's output) on main, if one is.
    var dropsWait: Waits? = nil
    var testDescription: String { file }
}

enum Corpus {
    static let guides: [CorpusGuide] = [
        CorpusGuide(file: "etcd-cluster-lab.md", shape: "unlabelled fences, scope stated once for three controllers, `> output`, sudo, variables across blocks",
                    dropsWait: .assignments),
        CorpusGuide(file: "mysql-master-slave.zh.md", shape: "#### Master / #### Slave, [root@localhost ~]# prompts, mysql -uroot -p with MariaDB [(none)]> sessions, GFM host table"),
        CorpusGuide(file: "redis-sentinel.md", shape: "GFM host table, “On redis-1:” paragraphs, config from prose, redis-cli sessions, “on all three nodes”",
                    placeholders: ["REDIS_PASSWORD"]),
        CorpusGuide(file: "postgresql-streaming-replication.md", shape: "### On the primary / ### On the standby, psql postgres=# sessions, Output: labels, <placeholders>",
                    placeholders: ["primary-ip", "standby-ip"], dropsWait: .interactive),
        CorpusGuide(file: "haproxy-install.zh.md", shape: "以下操作在所有节点执行 once for the document, 将以下内容写入, 输出如下：/返回结果如下：, 在客户端执行"),
        CorpusGuide(file: "zookeeper-cluster.zh.md", shape: "中文 host table, 将以下内容写入 /etc/hosts, for ip … scp / ssh loops on zk1, zkCli session, 在每台服务器上执行",
                    dropsWait: .outputLabels),
        CorpusGuide(file: "kubeadm-nodes.md", shape: "GFM host table with “On node1:” paragraphs, for ip … ssh loops, ${TOKEN} and <hash> placeholders, You should see / Output:",
                    placeholders: ["TOKEN", "hash"], dropsWait: .outputLabels),
        CorpusGuide(file: "nginx-scope-after.md", shape: "scope stated after the blocks (“Remember to run the above commands on each web server”), “From your workstation”"),
        CorpusGuide(file: "chrony-every-node.zh.md", shape: "“在每台服务器上执行” naming no machine: unresolved-host, never local; 预期输出："),
        CorpusGuide(file: "redis-primary-replica.md", shape: "bash blocks with hosts in prose, config from prose with <your-ip>, console transcripts (runs on loopback today)",
                    placeholders: ["your-ip"]),
        CorpusGuide(file: "etcd-static-annotated.md", shape: "annotated bash blocks, exports carried by the session, <member-name>/<your-ip> per host (runs on loopback today)",
                    placeholders: ["member-name", "your-ip"]),
    ]

    static let controllers = ["controller-0", "controller-1", "controller-2"]
    static let redis = ["192.168.10.11", "192.168.10.12", "192.168.10.13"]
    static let zk = ["172.16.20.11", "172.16.20.12", "172.16.20.13"]
    static let lbs = ["10.10.0.21", "10.10.0.22"]
    static let web = ["web-1", "web-2"]
    static let master = ["192.168.56.101"], slave = ["192.168.56.102"]

    static let facts: [Fact] = etcdLab + mysql + redisSentinel + postgres + haproxy + zookeeper + kubeadm + nginx + chrony
        + redisPrimaryReplica + etcdStatic

    // Must-show 1: N runnable steps on controller-0..2 with the scope's provenance, the member list as
    // the documented output of `etcdctl member list`.
    static let etcdLab: [Fact] = [
        ("curl -fsSL -o etcd-v3.5.12", Waits?.none), ("tar -xzf etcd-v3.5.12", nil), ("sudo mkdir -p /etc/etcd", nil),
        ("INTERNAL_IP=$(ip -4", .assignments), ("sudo tee /etc/systemd/system/etcd.service", nil),
        ("sudo systemctl daemon-reload", nil),
    ].map { Fact(guide: "etcd-cluster-lab.md", find: $0.0, kind: .script, inferred: true, kindWaits: $0.1,
                 hosts: controllers, source: .scope, hostsWait: .scopes) }
    + [Fact(guide: "etcd-cluster-lab.md", find: "etcdctl member list", kind: .script, inferred: true,
            expects: ["6f5a0b3bc1e8d2a1, started, controller-0, https://10.240.0.10:2380, https://10.240.0.10:2379, false",
                      "c03b9e7d5a2f6814, started, controller-2, https://10.240.0.12:2380, https://10.240.0.12:2379, false"],
            hosts: controllers, source: .scope, hostsWait: .scopes)]

    // Must-show 2's guide: hosts from the role headings (the table's roles), the SQL fed to the client.
    static let mysql: [Fact] = [
        Fact(guide: "mysql-master-slave.zh.md", find: "server-id=1", kind: .transcript, hosts: master, hostsWait: .roleHeadings),
        Fact(guide: "mysql-master-slave.zh.md", find: "server-id=2", kind: .transcript, hosts: slave, hostsWait: .roleHeadings),
        Fact(guide: "mysql-master-slave.zh.md", find: "CREATE USER 'repl'", kind: .transcript,
             expects: ["| mysql-bin.000001 |      767 |              |                  |"],
             hosts: master, hostsWait: .roleHeadings, client: "MYSQL_PWD=\"${MYSQL_PWD}\" mysql -uroot",
             statements: ["CREATE USER 'repl'@'%' IDENTIFIED BY 'Repl@2024';", "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';",
                          "FLUSH PRIVILEGES;", "SHOW MASTER STATUS;"]),
        Fact(guide: "mysql-master-slave.zh.md", find: "CHANGE MASTER TO", kind: .transcript, hosts: slave, hostsWait: .roleHeadings,
             client: "MYSQL_PWD=\"${MYSQL_PWD}\" mysql -uroot", statements: ["START SLAVE;"]),
        Fact(guide: "mysql-master-slave.zh.md", find: "SHOW SLAVE STATUS", kind: .transcript,
             expects: ["Slave_IO_Running: Yes", "Slave_SQL_Running: Yes"], hosts: slave, hostsWait: .roleHeadings,
             client: "MYSQL_PWD=\"${MYSQL_PWD}\" mysql -uroot", statements: ["SHOW SLAVE STATUS\\G"]),
        Fact(guide: "mysql-master-slave.zh.md", find: "INSERT INTO shop.orders", kind: .transcript, hosts: master, hostsWait: .roleHeadings,
             client: "MYSQL_PWD=\"${MYSQL_PWD}\" mysql -uroot", statements: ["CREATE DATABASE shop;", "INSERT INTO shop.orders VALUES (1, 'book');"]),
        Fact(guide: "mysql-master-slave.zh.md", find: "SELECT * FROM shop.orders", kind: .transcript, expects: ["|  1 | book |"],
             hosts: slave, hostsWait: .roleHeadings, client: "MYSQL_PWD=\"${MYSQL_PWD}\" mysql -uroot", statements: ["SELECT * FROM shop.orders;"]),
    ]

    static let redisSentinel: [Fact] = [
        Fact(guide: "redis-sentinel.md", find: "sudo apt-get install -y redis-server", kind: .script, inferred: true,
             hosts: redis, source: .prose, hostsWait: .scopes),
        Fact(guide: "redis-sentinel.md", find: "bind 192.168.10.11 127.0.0.1", kind: .file, hosts: [redis[0]]),
        Fact(guide: "redis-sentinel.md", find: "sudo systemctl restart redis-server", kind: .script, inferred: true, hosts: [redis[0]], source: .prose),
        Fact(guide: "redis-sentinel.md", find: "replicaof 192.168.10.11 6379", kind: .file, hosts: [redis[1], redis[2]]),
        Fact(guide: "redis-sentinel.md", find: "sudo systemctl restart redis-server", nth: 1, kind: .script, inferred: true,
             hosts: [redis[1], redis[2]], source: .prose),
        Fact(guide: "redis-sentinel.md", find: "INFO replication", kind: .transcript, inferred: true, expects: ["role:master"],
             hosts: [redis[0]], source: .prose, client: "redis-cli -a \"${REDIS_PASSWORD}\" --no-auth-warning",
             statements: ["INFO replication", "SET greeting hello"]),
        Fact(guide: "redis-sentinel.md", find: "GET greeting", kind: .transcript, inferred: true, expects: ["\"hello\""],
             hosts: [redis[1]], source: .prose, client: "redis-cli -a \"${REDIS_PASSWORD}\" --no-auth-warning", statements: ["GET greeting"]),
        Fact(guide: "redis-sentinel.md", find: "/etc/redis/sentinel.conf", kind: .file, hosts: redis),
        Fact(guide: "redis-sentinel.md", find: "sudo systemctl restart redis-sentinel", kind: .script, inferred: true, hosts: redis, source: .prose),
        Fact(guide: "redis-sentinel.md", find: "get-master-addr-by-name", kind: .transcript, inferred: true, expects: ["1) \"192.168.10.11\""]),
    ]

    static let postgres: [Fact] = [
        Fact(guide: "postgresql-streaming-replication.md", find: "CREATE ROLE replicator", kind: .script, inferred: true,
             expects: ["CREATE ROLE"], kindWaits: .interactive, hosts: ["primary"], hostsWait: .roleHeadings,
             client: "sudo -u postgres psql", statements: ["CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD 'change-me';"]),
        Fact(guide: "postgresql-streaming-replication.md", find: "/etc/postgresql/15/main/postgresql.conf", kind: .file,
             hosts: ["primary"], hostsWait: .roleHeadings),
        Fact(guide: "postgresql-streaming-replication.md", find: "/etc/postgresql/15/main/pg_hba.conf", kind: .file,
             hosts: ["primary"], hostsWait: .roleHeadings),
        Fact(guide: "postgresql-streaming-replication.md", find: "sudo systemctl restart postgresql", kind: .script, inferred: true,
             hosts: ["primary"], hostsWait: .roleHeadings),
        Fact(guide: "postgresql-streaming-replication.md", find: "pg_basebackup -h <primary-ip>", kind: .script, inferred: true,
             expects: ["30712/30712 kB (100%), 1/1 tablespace"], hosts: ["standby"], hostsWait: .roleHeadings),
        Fact(guide: "postgresql-streaming-replication.md", find: "sudo systemctl start postgresql", kind: .script, inferred: true,
             hosts: ["standby"], hostsWait: .roleHeadings),
        Fact(guide: "postgresql-streaming-replication.md", find: "FROM pg_stat_replication", kind: .script, inferred: true,
             expects: [" <standby-ip> | streaming"], hosts: ["primary"], hostsWait: .roleHeadings),
        Fact(guide: "postgresql-streaming-replication.md", find: "pg_is_in_recovery", kind: .transcript, inferred: true,
             expects: [" t"], hosts: ["standby"], hostsWait: .roleHeadings,
             client: "sudo -u postgres psql", statements: ["SELECT pg_is_in_recovery();"]),
    ]

    static let haproxy: [Fact] = [
        Fact(guide: "haproxy-install.zh.md", find: "yum install -y haproxy", kind: .script, inferred: true,
             expects: ["HAProxy version 2.4.22-f8e3218 2023/02/14 - https://haproxy.org/"], hosts: lbs, source: .prose, hostsWait: .scopes),
        Fact(guide: "haproxy-install.zh.md", find: "/etc/haproxy/haproxy.cfg", kind: .file, hosts: lbs, hostsWait: .scopes),
        Fact(guide: "haproxy-install.zh.md", find: "haproxy -c -f /etc/haproxy/haproxy.cfg", kind: .script, inferred: true,
             expects: ["Configuration file is valid"], hosts: lbs, source: .prose, hostsWait: .scopes),
        Fact(guide: "haproxy-install.zh.md", find: "systemctl enable --now haproxy", kind: .script, inferred: true,
             hosts: lbs, source: .prose, hostsWait: .scopes),
        Fact(guide: "haproxy-install.zh.md", find: "curl -s http://10.10.0.21/", kind: .script, inferred: true,
             expects: ["<!DOCTYPE html>"], hosts: ["local"], source: .prose, hostsWait: .localWords),
    ]

    static let zookeeper: [Fact] = [
        Fact(guide: "zookeeper-cluster.zh.md", find: "/etc/hosts", kind: .file, hosts: zk),
        Fact(guide: "zookeeper-cluster.zh.md", find: "tar -zxf apache-zookeeper-3.8.4-bin.tar.gz", kind: .script, inferred: true,
             hosts: zk, source: .prose),
        Fact(guide: "zookeeper-cluster.zh.md", find: "cat > /opt/zookeeper/conf/zoo.cfg", kind: .script, inferred: true,
             hosts: [zk[0]], source: .prose),
        Fact(guide: "zookeeper-cluster.zh.md", find: "ssh root@zk$i", kind: .script, inferred: true, hosts: [zk[0]], source: .prose,
             hostsWait: .loops),
        Fact(guide: "zookeeper-cluster.zh.md", find: "zkServer.sh start", kind: .script, inferred: true, expects: ["Mode: follower"], kindWaits: .outputLabels,
             hosts: zk, source: .prose),
        Fact(guide: "zookeeper-cluster.zh.md", find: "get /demo", kind: .transcript, inferred: true, expects: ["Created /demo"],
             hosts: [zk[0]], source: .prompt, client: "/opt/zookeeper/bin/zkCli.sh -server 127.0.0.1:2181",
             statements: ["create /demo hello", "get /demo"]),
    ]

    static let kubeadm: [Fact] = [
        Fact(guide: "kubeadm-nodes.md", find: "ssh-copy-id", kind: .script, inferred: true, hosts: ["10.0.0.11"], source: .prose),
        Fact(guide: "kubeadm-nodes.md", find: "swapoff -a", kind: .script, inferred: true, hosts: ["10.0.0.11"], source: .prose),
        Fact(guide: "kubeadm-nodes.md", find: "kubeadm init", kind: .script, inferred: true,
             expects: ["Your Kubernetes control-plane has initialized successfully!"], kindWaits: .outputLabels, hosts: ["10.0.0.11"], source: .prose),
        Fact(guide: "kubeadm-nodes.md", find: "kubeadm join", kind: .script, inferred: true, hosts: ["10.0.0.12"], source: .prose),
        Fact(guide: "kubeadm-nodes.md", find: "kubeadm join", nth: 1, kind: .script, inferred: true, hosts: ["10.0.0.13"], source: .prose),
        Fact(guide: "kubeadm-nodes.md", find: "kubectl get nodes", kind: .script, inferred: true,
             expects: ["NAME    STATUS   ROLES           AGE   VERSION"], hosts: ["10.0.0.11"], source: .prose),
    ]

    static let nginx: [Fact] = [
        Fact(guide: "nginx-scope-after.md", find: "sudo apt-get install -y nginx", kind: .script, inferred: true,
             hosts: web, source: .scope, hostsWait: .scopeAfter),
        Fact(guide: "nginx-scope-after.md", find: "/etc/nginx/conf.d/site.conf", kind: .file, hosts: web, hostsWait: .scopeAfter),
        Fact(guide: "nginx-scope-after.md", find: "sudo nginx -t", kind: .script, inferred: true, hosts: web, source: .scope,
             hostsWait: .scopeAfter),
        Fact(guide: "nginx-scope-after.md", find: "curl -s http://198.51.100.21:8080/", kind: .script, inferred: true,
             expects: ["hello from web-1", "hello from web-2"], hosts: ["local"], source: .prose, hostsWait: .localWords),
    ]

    // Must-show 5's shape: remote machines named by no rule → unresolved-host, never local.
    static let chrony: [Fact] = [
        Fact(guide: "chrony-every-node.zh.md", find: "yum install -y chrony", kind: .script, inferred: true, hosts: [], hostsWait: .noSilentLocal),
        Fact(guide: "chrony-every-node.zh.md", find: "/etc/chrony.conf", kind: .file, hosts: [], hostsWait: .noSilentLocal),
        Fact(guide: "chrony-every-node.zh.md", find: "chronyc sources", kind: .script, inferred: true,
             expects: ["MS Name/IP address         Stratum Poll Reach LastRx Last sample"], hosts: [], hostsWait: .noSilentLocal),
    ]

    static let redisPrimaryReplica: [Fact] = [
        Fact(guide: "redis-primary-replica.md", find: "mkdir -p /mnt/data/redis/data", kind: .script, hosts: ["192.0.2.21", "192.0.2.22"], source: .prose),
        Fact(guide: "redis-primary-replica.md", find: "/mnt/data/redis/redis.conf", kind: .file, hosts: ["192.0.2.21", "192.0.2.22"]),
        Fact(guide: "redis-primary-replica.md", find: "redis-server /mnt/data/redis/redis.conf", kind: .script,
             hosts: ["192.0.2.21", "192.0.2.22"], source: .prose),
        Fact(guide: "redis-primary-replica.md", find: "replicaof 192.0.2.21 6379", kind: .script, hosts: ["192.0.2.22"], source: .prose),
        Fact(guide: "redis-primary-replica.md", find: "set greeting hello", kind: .transcript, expects: ["PONG", "OK"],
             hosts: ["192.0.2.21"], source: .prose),
        Fact(guide: "redis-primary-replica.md", find: "get greeting", kind: .transcript, expects: ["hello", "1"],
             hosts: ["192.0.2.22"], source: .prose),
    ]

    static let etcdStatic: [Fact] = [
        Fact(guide: "etcd-static-annotated.md", find: "export ETCD_INITIAL_CLUSTER=", kind: .script,
             hosts: ["203.0.113.10", "203.0.113.11", "203.0.113.12"], source: .annotation),
        Fact(guide: "etcd-static-annotated.md", find: "nohup etcd --name <member-name>", kind: .script,
             hosts: ["203.0.113.10", "203.0.113.11", "203.0.113.12"], source: .annotation),
        Fact(guide: "etcd-static-annotated.md", find: "endpoint health", kind: .transcript, expects: ["3", "OK"],
             hosts: ["203.0.113.10"], source: .annotation),
        Fact(guide: "etcd-static-annotated.md", find: "get /lab/greeting", kind: .transcript, expects: ["hello"],
             hosts: ["203.0.113.12"], source: .annotation),
    ]
}
