/// What the inventory file names, for reading a guide against it: its hosts (`On db1:` where db1 is
/// bound there) and its groups (`groups: { etcd: [...] }` for "on each etcd node"). Given by the caller
/// (`GuideContext.inventory`); the core reads no file.
public struct InventoryNames: Sendable, Equatable {
    /// The inventory file, for messages.
    public var path: String
    /// The names bound under `hosts:`.
    public var hosts: Set<String>
    /// `groups:`: each group's members, in the order written.
    public var groups: [String: [String]]
    /// The line of each group's entry.
    public var groupLines: [String: Int]

    public init(path: String, hosts: Set<String>, groups: [String: [String]] = [:], groupLines: [String: Int] = [:]) {
        self.path = path
        self.hosts = hosts
        self.groups = groups
        self.groupLines = groupLines
    }

    /// The group a scope word names: the same word in any case, singular or plural (`controller`
    /// finds `controllers`, `Workers` finds `worker`).
    func group(for word: String) -> (name: String, members: [String])? {
        let wanted = ScopeWords.singular(word.lowercased())
        for name in groups.keys.sorted() where ScopeWords.singular(name.lowercased()) == wanted {
            return (name, groups[name]!)
        }
        return nil
    }
}

/// Where a statement of the guide says blocks run.
enum ScopeTarget: Sendable, Equatable {
    /// Hosts it names (addresses where known, else names), with the words that named them.
    case hosts([HostMention])
    /// The control machine ("from your workstation", "在客户端").
    case local
    /// Machines it speaks of without naming them: the scope word (`etcd` of "on each etcd node";
    /// nil for every machine: "on every node", "在所有节点"), and a count when one is stated.
    case open(word: String?, count: Int?)
}

/// How far a statement about hosts reaches.
enum ScopeReach: Sendable, Equatable {
    /// The blocks after it in its section, as the nearest prose ("On each node, run:").
    case here
    /// Its section and the sections under it ("以下操作在所有节点执行", a heading that says where).
    case section
    /// The rest of the document ("The commands in this lab must be run on each controller instance").
    case document
    /// The blocks before it ("Remember to run the above commands on each controller node").
    case above
}

/// A sentence (or heading) that says where blocks run: hosts, the control machine, or machines it
/// leaves open; with how far it reaches and the words that said it.
struct ScopeStatement: Sendable, Equatable {
    var target: ScopeTarget
    var reach: ScopeReach
    /// The words that said it (`each controller instance: controller-0, controller-1, and controller-2`).
    var evidence: String
    /// The line of the block that holds it.
    var line: Int
    /// Where its words start in the block's text (UTF-8), to order it against host mentions.
    var offset: Int
    /// True for an `On NAME:` paragraph (`在NAME上执行：`): the names stand for single machines.
    var isOnName = false
    /// Names kept as written because nothing resolves them (`master` of `#### Master`): the inventory
    /// must bind them.
    var unbound: [String] = []

    /// The hosts it names, when it names any.
    var hosts: [String]? {
        if case .hosts(let mentions) = target { return mentions.flatMap(\.hosts).uniqued() }
        return nil
    }
}

/// Resolves the words of a scope statement to hosts: through the guide's tables, then the
/// inventory's groups and hosts. Pure; shared by every block's reading.
struct ScopeResolver: Sendable {
    let finder: HostFinder
    let inventory: InventoryNames?

    /// What `word` stands for ("etcd", "controller", "master"; nil = every machine). A `singular`
    /// role word that nothing resolves is kept as a machine's name (`#### Master` → `master`);
    /// anything else nothing resolves stays open, for an inventory group to bind.
    func resolve(word: String?, singular: Bool, evidence: String, offset: Int) -> (target: ScopeTarget, unbound: [String]) {
        func mention(_ hosts: [String], _ how: String) -> ScopeTarget {
            .hosts([HostMention(hosts: hosts, evidence: how.isEmpty ? evidence : "\(evidence) → \(how)", offset: offset)])
        }
        guard let word else {
            let all = finder.inventory.map(\.address).uniqued()
            if !all.isEmpty { return (mention(all, "the \(all.count) hosts of the guide's tables"), []) }
            if let group = inventory?.group(for: "all") { return (mention(group.members, "inventory group \(group.name)"), []) }
            return (.open(word: nil, count: nil), [])
        }
        if let hosts = finder.addresses(named: word) { return (mention(hosts, ""), []) }
        if let group = inventory?.group(for: word) { return (mention(group.members, "inventory group \(group.name)"), []) }
        if let inventory, let name = [word, ScopeWords.singular(word)].first(where: inventory.hosts.contains) {
            return (mention([name], "inventory host \(name)"), [])
        }
        if singular, ScopeWords.roles.contains(ScopeWords.singular(word)) {
            return (mention([word], ""), [word])
        }
        return (.open(word: word, count: nil), [])
    }

    /// One name as written (`node1`, `db-2`, `master`): a table's hostname or role, an inventory host
    /// or group, a name-like word (letters with a digit) or a role word kept as written; nil for a word
    /// that is no machine's name ("Ubuntu", "macOS").
    /// `strict` (a heading that is only a name): a name-like word must also look like a host's name
    /// (`node1`, `db-2`, `controller-0`), not a version (`Python3`, `K8s`, `Step1`).
    /// A `strict` name is also never a group's (a heading `# etcd` is a topic, not the etcd machines).
    func resolve(name: String, strict: Bool = false) -> (hosts: [String], unbound: Bool)? {
        if let hosts = finder.addresses(named: name) { return (hosts, false) }
        if InventoryTable.isIPv4(name) { return ([name], false) }
        if let inventory {
            if inventory.hosts.contains(name) { return ([name], false) }
            if !strict, let group = inventory.group(for: name) { return (group.members, false) }
        }
        let lower = name.lowercased()
        if ScopeWords.isOperatingSystem(lower) { return nil }
        if ScopeWords.isNameLike(name), !strict || ScopeWords.isHostLikeName(lower) { return ([name], true) }
        if ScopeWords.roles.contains(ScopeWords.singular(lower)) && !lower.hasSuffix("s") { return ([lower], true) }
        return nil
    }

    /// True when an inventory or table binds `host` (an address counts as named).
    func knows(_ host: String) -> Bool {
        host == "local" || InventoryTable.isIPv4(host) || finder.addresses(named: host) != nil
            || inventory?.hosts.contains(host) == true
    }
}

/// Word lists of scope statements.
enum ScopeWords {
    /// Words for a machine (singular).
    static let machineNouns: Set<String> = ["node", "host", "machine", "server", "instance", "member", "vm", "box", "computer", "peer"]
    /// Words for a machine's role in a cluster (singular).
    static let roles: Set<String> = ["master", "slave", "primary", "replica", "secondary", "standby", "worker", "controller",
                                     "leader", "follower", "manager", "minion", "control-plane"]
    /// Words before a machine noun that do not narrow it ("all cluster nodes" is every node).
    static let generic: Set<String> = ["cluster", "remote", "target", "other", "remaining", "available", "participating",
                                       "individual", "respective", "relevant", "physical", "virtual", "linux", "kubernetes",
                                       "k8s", "your", "our", "the", "these", "those", "of", "new", "same", "following"]
    static let operatingSystems = ["ubuntu", "debian", "centos", "rhel", "redhat", "fedora", "macos", "osx", "windows", "alpine",
                                   "arch", "suse", "opensuse", "sles", "rocky", "alma", "almalinux", "amazon", "amzn", "freebsd",
                                   "openbsd", "mac", "linux", "raspbian", "kali", "mint", "gentoo", "oracle", "ol", "el"]

    /// `masters` → `master`, `boxes` → `box`; short words (`etcd`, `vms` aside) stay.
    static func singular(_ word: String) -> String {
        if word.hasSuffix("xes") { return String(word.dropLast(2)) }
        if word.count > 2, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us") { return String(word.dropLast()) }
        return word
    }

    /// Letters and a digit, as a hostname is written (`node1`, `controller-0`, `db-2.local`).
    static func isNameLike(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, first.isASCII, CharacterSetLite.isLetter(first) else { return false }
        var digit = false
        for scalar in word.unicodeScalars {
            guard scalar.isASCII, CharacterSetLite.isLetter(scalar) || CharacterSetLite.isDigit(scalar) || "-_.".unicodeScalars.contains(scalar) else { return false }
            if CharacterSetLite.isDigit(scalar) { digit = true }
        }
        let lower = word.lowercased()
        let letters = String(lower.prefix { $0.isLetter })
        return digit && !word.hasSuffix(".") && !isOperatingSystem(lower) && !numberingWords.contains(letters)
    }

    /// Words that number things rather than name machines (`Step1`, `Lab2`, `v1`).
    static let numberingWords: Set<String> = ["step", "part", "lab", "day", "phase", "chapter", "section", "example", "appendix", "v",
                                              "version", "task", "exercise", "module", "lesson", "stage", "option", "method", "case",
                                              "test", "demo", "round", "level", "sprint", "week", "item", "figure", "table", "note"]
    /// The first words of hostnames as guides write them (`node1`, `db-2`, `controller-0`, `web01`).
    static let hostWords: Set<String> = ["node", "host", "server", "machine", "master", "slave", "worker", "controller", "db", "web",
                                         "app", "vm", "srv", "lb", "replica", "primary", "secondary", "member", "peer", "instance",
                                         "etcd", "cp", "mgr", "manager", "client", "box", "k8s-master", "k8s-node", "kube-master",
                                         "kube-node", "mysql", "redis", "pg", "postgres", "mongo", "zk", "kafka", "broker", "ceph",
                                         "mon", "osd", "nfs", "gw", "gateway", "proxy", "haproxy", "nginx", "es", "data", "compute",
                                         "storage", "infra", "bastion", "edge", "agent", "minion", "leader", "follower", "standby"]

    /// `node1`, `controller-0`, `db-2`: a host-word, then digits (a dash or underscore between).
    static func isHostLikeName(_ lower: String) -> Bool {
        let head = lower.reversed().drop { $0.isNumber }.reversed()
        guard head.count < lower.count else { return false }
        var word = String(head)
        if word.hasSuffix("-") || word.hasSuffix("_") { word.removeLast() }
        return hostWords.contains(word)
    }

    /// `ubuntu`, `centos7`, `rhel-9`, `macos13`: an operating system, not a machine.
    static func isOperatingSystem(_ lower: String) -> Bool {
        let letters = String(lower.prefix { $0.isLetter })
        return operatingSystems.contains(letters)
    }
}

/// ASCII character classes without Foundation's sets.
enum CharacterSetLite {
    static func isLetter(_ s: Unicode.Scalar) -> Bool { (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A) }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
}
