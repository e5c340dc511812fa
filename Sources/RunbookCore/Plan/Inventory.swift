import Foundation

/// How one host of a plan is reached.
public enum HostBinding: Sendable, Equatable {
    /// The control machine itself.
    case local
    /// OpenSSH to `destination` (`user@addr[:port]`) with extra options.
    case ssh(destination: String, options: [String])
    /// Inside a wrapper (a container, say) on another bound host: the step text goes to `wrap`'s stdin.
    case on(host: String, wrap: String)
}

/// The inventory file (SPEC section 6): the allowlist of hosts `run` may contact.
public struct Inventory: Sendable, Equatable {
    /// The file it came from.
    public var path: String
    /// sha256 of the file's bytes.
    public var sha256: String
    public var bindings: [String: HostBinding]
    /// Address rewrites: the guide's address → the one used instead, applied to step text.
    public var rewrites: [String: String]
    /// Values masked as `****` everywhere.
    public var secrets: [String]
    /// The line of each host's entry, for messages.
    public var lines: [String: Int]
    /// Values for the guide's placeholders and variables (`vars:`), for every host…
    public var vars: [String: String] = [:]
    /// …and per host (a host's own `vars:`), which win.
    public var hostVars: [String: [String: String]] = [:]
    /// How the guide's `sudo` gets its rights on each host (`become:`, globally or per host).
    public var become: Become? = nil
    public var hostBecome: [String: Become] = [:]
    /// Names for the guide's scopes (`groups: { etcd: [etcd-1, etcd-2, etcd-3] }`): "on each etcd node"
    /// runs on those hosts, each bound under `hosts:`.
    public var groups: [String: [String]] = [:]
    /// The line of each group's entry.
    public var groupLines: [String: Int] = [:]

    /// What the guide is read against: the names bound under `hosts:` and the groups.
    public var names: InventoryNames {
        InventoryNames(path: path, hosts: Set(bindings.keys), groups: groups, groupLines: groupLines)
    }

    /// `sudo` over a non-root login (SPEC section 12, `become:`).
    public struct Become: Sendable, Equatable {
        /// The password sudo asks for, one of the inventory's `secrets:`; nil = sudo must not ask (`sudo -n`).
        public var password: String?
        public init(password: String? = nil) { self.password = password }
    }

    /// The `vars:` that apply on `host`: the global ones, the host's own over them.
    public func vars(for host: String) -> [String: String] {
        vars.merging(hostVars[host] ?? [:]) { $1 }
    }

    /// The `become:` that applies on `host`.
    public func become(for host: String) -> Become? { hostBecome[host] ?? become }

    public init(path: String = "", sha256: String = "", bindings: [String: HostBinding] = ["local": .local],
                rewrites: [String: String] = [:], secrets: [String] = [], lines: [String: Int] = [:]) {
        self.path = path
        self.sha256 = sha256
        self.bindings = bindings
        self.rewrites = rewrites
        self.secrets = secrets
        self.lines = lines
    }

    /// An inventory for guides whose steps are all local: binds only `local`.
    public static let localOnly = Inventory()

    /// The binding of `host`; `local` is always bound.
    public func binding(for host: String) -> HostBinding? {
        host == "local" ? (bindings["local"] ?? .local) : bindings[host]
    }

    /// `unbound-host` errors for every plan host the inventory does not bind (SPEC section 6).
    public func unboundHosts(in runbook: Runbook, only hosts: Set<String>? = nil) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var seen = Set<String>()
        for step in runbook.steps where step.runs || step.file?.destination != nil {
            for host in step.hosts where binding(for: host) == nil && (hosts?.contains(host) ?? true) && seen.insert(host).inserted {
                result.append(Diagnostic(.unboundHost, line: step.line,
                    "step \(step.id) runs on `\(host)`, which the inventory \(path) does not bind",
                    hint: "add `\(host): { ssh: \"user@address\" }` (or `on:`/`wrap:`, or `local: true`) under hosts:"))
            }
        }
        return result
    }

    /// `unresolved-host` errors for every step (of `steps`) that has no host: the guide speaks of
    /// machines that neither it, an annotation, nor this inventory's `groups:` name.
    public func unresolvedSteps(_ steps: [Step]) -> [Diagnostic] {
        steps.filter { $0.hostSource == .unresolved && ($0.runs || $0.file?.destination != nil) }.map { step in
            let tag = step.hostTags.first { $0.source == .unresolved }
            return Diagnostic(.unresolvedHost, severity: .error, line: step.line,
                "step \(step.id) has no host (\(tag?.evidence ?? "the guide does not say where it runs")), and \(path.isEmpty ? "no inventory was given" : "the inventory \(path) binds no group for it")",
                hint: "add `groups: { NAME: [HOST, …] }` for the guide's scope word (each HOST under hosts:), or pin the block with <!-- runbook: hosts=… --> (or local)")
        }
    }

    /// `unbound-placeholder` errors for every placeholder a planned host has no value for.
    public func unboundPlaceholders(in runbook: Runbook, only hosts: Set<String>? = nil) -> [Diagnostic] {
        let stepsByID = Dictionary(runbook.steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [Diagnostic] = []
        var seen = Set<String>()
        for placeholder in runbook.placeholders {
            guard let step = stepsByID[placeholder.step] else { continue }
            let missing = step.hosts.filter { (hosts?.contains($0) ?? true) && vars(for: $0)[placeholder.name] == nil }
            guard !missing.isEmpty, seen.insert(placeholder.token + "\0" + step.id).inserted else { continue }
            result.append(Diagnostic(.unboundPlaceholder, line: placeholder.line,
                "step \(step.id) needs a value for `\(placeholder.token)` on \(missing.joined(separator: ", ")), and \(path.isEmpty ? "no inventory was given" : "the inventory \(path) gives none")",
                hint: "add `\(placeholder.name.contains("-") ? "\"\(placeholder.name)\"" : placeholder.name): …` under vars: (or under the host's own vars:)"))
        }
        return result
    }

    /// `text` with the placeholders written into it (`<your-ip>`, `YOUR_PASSWORD`) replaced by the
    /// values `host` has; `${NAME}` ones stay, the session exports them.
    public func fillingPlaceholders(_ text: String, of runbook: Runbook, host: String) -> String {
        guard !runbook.placeholders.isEmpty else { return text }
        let values = vars(for: host)
        var result = text
        for placeholder in runbook.placeholders where !placeholder.isVariable {
            if let value = values[placeholder.name], result.contains(placeholder.token) {
                result = result.replacing(placeholder.token, with: value)
            }
        }
        return result
    }

    /// Step text with the inventory's address rewrites applied (whole addresses only: .8 never rewrites .80).
    public func rewrite(_ text: String) -> String {
        guard !rewrites.isEmpty else { return text }
        var result = text
        for (from, to) in rewrites.sorted(by: { $0.key.count > $1.key.count }) {
            result = Self.replaceWholeToken(from, with: to, in: result)
        }
        return result
    }

    static func replaceWholeToken(_ token: String, with replacement: String, in text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: token) {
            let before = range.lowerBound == rest.startIndex ? output.last : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
            let boundary = { (c: Character?) in c.map { !($0.isNumber || $0 == "." || $0.isLetter) } ?? true }
            output += rest[..<range.lowerBound]
            output += boundary(before) && boundary(after) ? replacement : token
            rest = rest[range.upperBound...]
        }
        return output + rest
    }
}

extension Inventory {
    /// For `plan -i`: how each plan host is reached, and every address rewrite with the commands it changes.
    public func review(of plan: Plan) -> String {
        let runbook = plan.runbook
        var out = "\nInventory \(path)\n"
        for host in runbook.hosts {
            let how: String
            switch binding(for: host) {
            case .some(.local): how = "local (the control machine)"
            case .some(.ssh(let destination, _)): how = "ssh \(destination)"
            case .some(.on(let base, let wrap)): how = "on \(base) via `\(wrap)`"
            case .none: how = "NOT BOUND — run refuses (unbound-host)"
            }
            out += "  \(host) → \(how)\(become(for: host).map { "; become: " + ($0.password == nil ? "sudo -n" : "sudo with the password ****") } ?? "")\n"
        }
        for (name, members) in groups.sorted(by: { $0.key < $1.key }) {
            out += "  group \(name) → \(members.joined(separator: ", "))\(groupLines[name].map { "  (L\($0))" } ?? "")\n"
        }
        for (from, to) in rewrites.sorted(by: { $0.key < $1.key }) {
            out += "  rewrite \(from) → \(to) in step text:\n"
            var any = false
            for step in runbook.steps where step.runs {
                for command in step.commands where rewrite(command.text) != command.text {
                    let changed = rewrite(command.text).split(separator: "\n").filter { $0.contains(to) }
                    for line in changed { out += "    \(step.id) L\(command.line): \(line.trimmingCharacters(in: .whitespaces))\n" }
                    any = true
                }
            }
            if !any { out += "    (no step text contains \(from))\n" }
        }
        // How each shell command's `sudo` runs, per host (Planner.delivered gives it the lines).
        for step in runbook.steps where step.runs && step.kind != .python {
            var uses: [(how: String, host: String, lines: [Int])] = []
            for host in step.hosts {
                let lines = step.commands(for: host).filter { SessionScript.usesSudo($0.text) }.map(\.line)
                if !lines.isEmpty { uses.append((becomeSummary(for: host), host, lines)) }
            }
            for how in uses.map(\.how).uniqued() {
                let these = uses.filter { $0.how == how }
                let lines = these.flatMap(\.lines).uniqued().sorted().map { "L\($0)" }.joined(separator: ", ")
                out += "  sudo in \(step.id) \(lines) on \(these.map(\.host).joined(separator: ", ")) → \(how)\n"
            }
        }
        for placeholder in runbook.placeholders {
            guard let step = runbook.steps.first(where: { $0.id == placeholder.step }) else { continue }
            for host in step.hosts {
                let value = vars(for: host)[placeholder.name]
                let shown = value.map { SecretNames.isSecret(placeholder.name) || secrets.contains($0) ? "****" : $0 } ?? "NO VALUE — run refuses (unbound-placeholder)"
                let how = placeholder.isVariable ? "exported to the session" : "written into the text"
                out += "  placeholder \(placeholder.token) on \(host) → \(shown)  (\(placeholder.step) L\(placeholder.line), \(how))\n"
            }
        }
        return out
    }

    /// What the guide's `sudo` becomes on `host`, for `plan -i`.
    func becomeSummary(for host: String) -> String {
        switch become(for: host) {
        case .some(let become) where become.password != nil:
            return "sudo -A: the become: password (****) from a one-use askpass helper, sent on stdin"
        case .some:
            return "sudo -n (become: sudo): fails at once if this login needs a password"
        case .none:
            return "sudo -n (no become:): fails at once if this login needs a password"
        }
    }
}
