import Testing
@testable import RunbookCore

/// Which sentences say that the next block is a file's content, and how it is written.
@Suite("file sentences")
struct FileSentenceTests {
    @Test("English and Chinese forms: the destination, write or add, and a stated mode", arguments: [
        ("Add the following to `/etc/redis/redis.conf`:", "/etc/redis/redis.conf", true, nil),
        ("Append these lines to the end of ~/.bashrc:", "~/.bashrc", true, nil),
        ("add the repository to /etc/apt/sources.list.d/app.list:", "/etc/apt/sources.list.d/app.list", true, nil),
        ("Create /etc/etcd/etcd.conf with:", "/etc/etcd/etcd.conf", false, nil),
        ("Create a file named app.ini with the following content:", "app.ini", false, nil),
        ("Write the following to conf/server.toml.", "conf/server.toml", false, nil),
        ("Save the following as /etc/systemd/system/etcd.service with mode 0644:", "/etc/systemd/system/etcd.service", false, "0644"),
        ("将以下内容写入/etc/hosts", "/etc/hosts", false, nil),
        ("在 /etc/my.cnf 中添加：", "/etc/my.cnf", true, nil),
        ("将以下配置追加到 /etc/sysctl.conf：", "/etc/sysctl.conf", true, nil),
        ("创建文件 /etc/app/app.yaml，内容如下，权限为600：", "/etc/app/app.yaml", false, "0600"),
        ("/etc/redis/redis.conf 的内容如下：", "/etc/redis/redis.conf", false, nil),
    ] as [(String, String, Bool, String?)])
    func forms(_ text: String, _ path: String, _ append: Bool, _ mode: String?) throws {
        let sentence = try #require(FileSentence.parse(text), "\(text)")
        #expect(sentence.path == path)
        #expect(sentence.append == append)
        #expect(sentence.mode == mode)
    }

    @Test("sentences that name no file to write are not file sentences", arguments: [
        "Add the user to the docker group.",
        "Add the following to the client and/or server config:",
        "Create the data directory /var/lib/etcd:",
        "Create a folder /opt/app first.",
        "Run the following on each node:",
        "Add /usr/local/bin to your PATH.",
        "在所有节点执行以下命令：",
        "The TCP/IP stack must be up.",
    ])
    func notFiles(_ text: String) {
        #expect(FileSentence.parse(text) == nil, "\(text) → \(String(describing: FileSentence.parse(text)))")
    }

    @Test("an editor command, alone or with the file's content after it", arguments: [
        ("sudo nano /etc/mysql/mariadb.conf.d/50-server.cnf\n[mysqld]\nbind-address = 0.0.0.0\n", "/etc/mysql/mariadb.conf.d/50-server.cnf", "nano", "[mysqld]\nbind-address = 0.0.0.0\n"),
        ("[root@db1 ~]# vi /etc/my.cnf\n", "/etc/my.cnf", "vi", ""),
        ("vim +10 /etc/app.conf\nkey = 1", "/etc/app.conf", "vim", "key = 1\n"),
    ])
    func editor(_ text: String, _ path: String, _ editor: String, _ content: String) throws {
        let command = try #require(EditorCommand.parse(text))
        #expect(command.path == path && command.editor == editor && command.content == content)
    }

    @Test("a shown file is a config file printed by a plain cat", arguments: [
        ("cat /etc/my.cnf", "/etc/my.cnf"), ("sudo cat /etc/redis/redis.conf", "/etc/redis/redis.conf"),
        ("cat /etc/os-release", nil), ("cat /proc/cpuinfo", nil), ("cat /etc/hostname", nil), ("cat a.conf | grep x", nil),
    ] as [(String, String?)])
    func shown(_ command: String, _ path: String?) {
        #expect(ShownFileRule.shownFile(command) == path)
    }
}
