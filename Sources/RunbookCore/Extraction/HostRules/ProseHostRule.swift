/// 5. The nearest prose of the same section that names hosts: addresses, ranges, lists, table names
/// and roles, last-octet shorthand (`上传到80节点`), names listed after a scope phrase ("on each
/// controller instance: `controller-0`, …"), a role the tables or the inventory's groups resolve.
/// When that prose speaks of machines nothing resolves ("On each etcd node", "在每台服务器上"), the
/// step has no host (`unresolved-host`): a wider scope does not override what the prose says.
struct ProseHostRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        if let statement = input.prose?.scope {
            guard case .open = statement.target else { return nil }
            return .scope(statement, source: .prose, label: "", input)
        }
        return input.proseTags.isEmpty ? nil : HostDecision(tags: input.proseTags, source: .prose)
    }
}
