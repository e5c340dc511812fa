import Foundation
import RunbookCore
import Yams

/// Reads and validates inventory files, reporting problems with file:line and a hint.
public enum InventoryLoader {
    private static let hostKeys: Set<String> = ["ssh", "local", "on", "wrap", "address", "user", "port", "ssh_options", "vars", "become"]

    /// Loads the inventory at `path`; throws `InputError` (exit 2) naming the bad entry's line.
    public static func load(path: String) throws -> Inventory {
        let bytes = try GuideLoader.readFile(path, what: "inventory")
        let text = String(decoding: bytes, as: UTF8.self)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                throw InputError("\(path): the inventory is empty", hint: "it needs a `hosts:` mapping (SPEC section 6)")
            }
            root = node
        } catch let error as YamlError {
            throw InputError("\(path): not valid YAML: \(error)", hint: "fix the YAML syntax; see SPEC section 6 for the format")
        }
        func fail(_ node: Node?, _ message: String, _ hint: String) -> InputError {
            InputError("\(path):\(node?.mark?.line ?? 1): \(message)", hint: hint)
        }
        guard let top = root.mapping else {
            throw fail(root, "the inventory must be a mapping with `hosts:`", "see SPEC section 6")
        }
        var inventory = Inventory(path: path, sha256: GuideHash.sha256(bytes))
        var defaultUser: String?
        var defaultOptions: [String] = []
        for (key, value) in top {
            switch key.string ?? "" {
            case "defaults":
                guard let mapping = value.mapping else { throw fail(value, "`defaults` must be a mapping", "e.g. defaults: { user: root, ssh_options: [\"-o\", \"ConnectTimeout=10\"] }") }
                for (k, v) in mapping {
                    switch k.string ?? "" {
                    case "user": defaultUser = v.string
                    case "ssh_options": defaultOptions = try strings(v, fail)
                    default: throw fail(k, "unknown key `\(k.string ?? "?")` in defaults", "defaults take user and ssh_options")
                    }
                }
            case "hosts", "secrets", "vars", "become", "groups":
                break
            default:
                throw fail(key, "unknown top-level key `\(key.string ?? "?")`", "the inventory has defaults:, hosts:, groups:, secrets:, vars: and become:")
            }
        }
        if let secrets = top["secrets"] { inventory.secrets = try strings(secrets, fail) }
        if let vars = top["vars"] { inventory.vars = try mapping(vars, "vars", fail) }
        if let become = top["become"] { inventory.become = try self.become(become, secrets: inventory.secrets, fail) }
        guard let hostsNode = top["hosts"] else { throw fail(root, "no `hosts:` mapping", "list every host the guide uses under hosts: (runbook inventory GUIDE prints a skeleton)") }
        guard let hosts = hostsNode.mapping else { throw fail(hostsNode, "`hosts` must be a mapping of host → binding", "e.g. 29.16.21.73: { ssh: \"dcos@10.1.0.73\" }") }
        var pendingOn: [(name: String, base: String, node: Node)] = []
        for (key, value) in hosts {
            guard let name = key.string, !name.isEmpty else { throw fail(key, "a host name must be a string", "quote it if needed") }
            inventory.lines[name] = key.mark?.line
            guard let entry = value.mapping else {
                throw fail(value, "host `\(name)` must map to a binding", "e.g. \(name): { ssh: \"user@address\" }")
            }
            for (k, _) in entry where !hostKeys.contains(k.string ?? "") {
                throw fail(k, "unknown key `\(k.string ?? "?")` for host `\(name)`", "host keys: \(hostKeys.sorted().joined(separator: ", "))")
            }
            if let address = entry["address"]?.string { inventory.rewrites[name] = address }
            if let vars = entry["vars"] { inventory.hostVars[name] = try mapping(vars, "vars of `\(name)`", fail) }
            if let become = entry["become"] { inventory.hostBecome[name] = try self.become(become, secrets: inventory.secrets, fail) }
            if entry["local"]?.string.map({ ["true", "yes"].contains($0.lowercased()) }) == true {
                inventory.bindings[name] = .local
            } else if let ssh = entry["ssh"] {
                guard var destination = ssh.string, isDestination(destination) else {
                    throw fail(ssh, "host `\(name)`: `\(ssh.string ?? "?")` is not user@address[:port]", "write ssh: \"user@10.1.0.73\" (or \"user@10.1.0.73:2222\")")
                }
                if !destination.contains("@"), let user = entry["user"]?.string ?? defaultUser { destination = "\(user)@\(destination)" }
                if let port = entry["port"]?.int { destination += ":\(port)" }
                let options = try entry["ssh_options"].map { try strings($0, fail) } ?? []
                inventory.bindings[name] = .ssh(destination: destination, options: options + defaultOptions)
            } else if let on = entry["on"] {
                guard let base = on.string, let wrap = entry["wrap"]?.string, !wrap.isEmpty else {
                    throw fail(on, "host `\(name)`: `on:` needs a host name and a `wrap:` command", "e.g. \(name): { on: 29.16.21.73, wrap: \"docker exec -i milvus_\(name) sh\" }")
                }
                inventory.bindings[name] = .on(host: base, wrap: wrap)
                pendingOn.append((name, base, on))
            } else {
                throw fail(value, "host `\(name)` has no binding", "give it ssh: \"user@address\", on: + wrap:, or local: true")
            }
        }
        if let groups = top["groups"] { try readGroups(groups, into: &inventory, fail) }
        for entry in pendingOn {
            switch inventory.bindings[entry.base] {
            case .some(.ssh), .some(.local): break
            case .some(.on): throw fail(entry.node, "host `\(entry.name)` is `on:` `\(entry.base)`, which is itself `on:` another host", "bind `on:` to an ssh or local host")
            case .none: throw fail(entry.node, "host `\(entry.name)` is `on:` `\(entry.base)`, which the inventory does not bind", "add \(entry.base) under hosts:")
            }
        }
        return inventory
    }

    /// `groups: { etcd: [etcd-1, etcd-2], db: db-1 }`: names for the guide's scopes, each member a host
    /// bound under `hosts:` (or `local`).
    private static func readGroups(_ node: Node, into inventory: inout Inventory, _ fail: (Node?, String, String) -> InputError) throws {
        guard let mapping = node.mapping else {
            throw fail(node, "`groups` must be a mapping of group → hosts", "e.g. groups: { etcd: [etcd-1, etcd-2, etcd-3] }")
        }
        for (key, value) in mapping {
            guard let name = key.string, !name.isEmpty else { throw fail(key, "a group name must be a string", "quote it if needed") }
            let members: [String]
            if let single = value.string { members = [single] } else { members = try strings(value, fail) }
            guard !members.isEmpty else { throw fail(value, "group `\(name)` has no hosts", "list the hosts it stands for: \(name): [HOST, …]") }
            for member in members where inventory.binding(for: member) == nil {
                throw fail(value, "group `\(name)` names `\(member)`, which the inventory does not bind", "add `\(member)` under hosts: (a group only names hosts the inventory binds)")
            }
            inventory.groups[name] = members
            inventory.groupLines[name] = key.mark?.line
        }
    }

    /// A mapping of names to scalar values (`vars:`).
    private static func mapping(_ node: Node, _ what: String, _ fail: (Node?, String, String) -> InputError) throws -> [String: String] {
        guard let mapping = node.mapping else { throw fail(node, "`\(what)` must be a mapping of name → value", "e.g. vars: { NODE_NAME: node1, \"your-ip\": 10.0.0.5 }") }
        var result: [String: String] = [:]
        for (k, v) in mapping {
            guard let name = k.string, !name.isEmpty, let value = v.scalar?.string else {
                throw fail(k, "`\(what)`: every entry must be a name with a plain value", "quote the value if needed")
            }
            result[name] = value
        }
        return result
    }

    /// `become: { password: … }` or `become: sudo` (no password: sudo must not ask).
    private static func become(_ node: Node, secrets: [String], _ fail: (Node?, String, String) -> InputError) throws -> Inventory.Become {
        if let word = node.string, ["sudo", "true", "yes"].contains(word.lowercased()) { return Inventory.Become() }
        guard let mapping = node.mapping else { throw fail(node, "`become` must be `sudo` or a mapping", "e.g. become: { password: \"…\" } with the password also under secrets:") }
        for (k, _) in mapping where !["method", "password"].contains(k.string ?? "") {
            throw fail(k, "unknown key `\(k.string ?? "?")` in become", "become takes method (sudo) and password")
        }
        if let method = mapping["method"]?.string, method != "sudo" { throw fail(mapping["method"], "become method `\(method)` is not supported", "use method: sudo") }
        guard let password = mapping["password"] else { return Inventory.Become() }
        guard let value = password.string, secrets.contains(value) else {
            throw fail(password, "the become password must be one of the inventory's secrets:", "list the same value under secrets:, so that it is masked everywhere")
        }
        guard !value.isEmpty, !value.contains(where: \.isNewline), value != SessionScript.helperEnd, value != SessionScript.passwordEnd else {
            throw fail(password, "the become password must be one line, not empty", "sudo reads a password as one line")
        }
        return Inventory.Become(password: value)
    }

    private static func strings(_ node: Node, _ fail: (Node?, String, String) -> InputError) throws -> [String] {
        guard let sequence = node.sequence else { throw fail(node, "expected a list of strings", "e.g. [\"-o\", \"ConnectTimeout=10\"]") }
        return try sequence.map { item in
            guard let s = item.string else { throw fail(item, "expected a string", "quote the value") }
            return s
        }
    }

    /// `user@addr[:port]` or `addr`, with no spaces or shell metacharacters.
    static func isDestination(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "@.:-_[]".contains($0)) }
            && text.filter { $0 == "@" }.count <= 1 && !text.hasPrefix("-")
    }
}

/// Hashes of files, for the journal and pinned plans.
public enum GuideHash {
    /// Lowercase hex sha256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String {
        RunbookBuilder.sha256Hex(bytes)
    }
}

