/// 5. The nearest prose of the same section that names hosts: addresses, ranges, lists, table names
/// and roles, last-octet shorthand (`上传到80节点`), names listed after a scope phrase ("on each
/// controller instance: `controller-0`, …"), a role the tables or the inventory's groups resolve.
/// "On all three members" (every machine, unnamed) under a heading or scope that names machines is
/// those machines, the stated count checked. When the prose speaks of machines nothing resolves ("On
/// each etcd node", "在每台服务器上"), the step has no host (`unresolved-host`): a wider scope does not
/// override what the prose says.
struct ProseHostRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        if let statement = input.prose?.scope {
            guard case .open(let word, let count) = statement.target else { return nil }
            if word == nil, let wider = [input.heading, input.after, input.sectionScope, input.documentScope].compactMap({ $0 }).first,
               let hosts = wider.hosts, !hosts.isEmpty {
                var decision = HostDecision(tags: hosts.map { HostTag(host: $0, source: .prose, line: statement.line,
                    evidence: "\(statement.evidence) → the \(hosts.count) host\(hosts.count == 1 ? "" : "s") of L\(wider.line)") }, source: .prose)
                if let count, count != hosts.count {
                    decision.diagnostics.append(Diagnostic(.hostCountMismatch, line: statement.line,
                        "“\(statement.evidence)” but the scope in force (L\(wider.line) “\(wider.evidence)”) names \(hosts.count) host\(hosts.count == 1 ? "" : "s"): \(hosts.joined(separator: ", "))"))
                }
                return decision
            }
            return .scope(statement, source: .prose, label: "", input)
        }
        return input.proseTags.isEmpty ? nil : HostDecision(tags: input.proseTags, source: .prose)
    }
}
