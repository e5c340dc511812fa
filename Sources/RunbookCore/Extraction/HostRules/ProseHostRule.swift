/// 4. The nearest prose of the same section that names hosts: addresses, ranges, lists, table names
/// and roles, last-octet shorthand (`上传到80节点`).
struct ProseHostRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        input.proseTags.isEmpty ? nil : HostDecision(tags: input.proseTags, source: .prose)
    }
}
