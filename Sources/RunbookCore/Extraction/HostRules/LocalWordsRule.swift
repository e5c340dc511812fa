/// 6. The nearest prose says the control machine ("from your workstation", "on your local machine",
/// "在本机", "在客户端") while a heading or a wider scope would claim the block: `local`, said so.
/// With nothing to overrule, the control-machine rule says `local` for the same words.
struct LocalWordsRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        guard let statement = input.prose?.scope, statement.target == .local else { return nil }
        guard let overruled = input.heading ?? input.after ?? input.sectionScope ?? input.documentScope else { return nil }
        var decision = HostDecision.scope(statement, source: .prose, label: "", input)
        decision.also = (overruled.hosts ?? []).map { HostTag(host: $0, source: .scope, line: overruled.line, evidence: "overruled: \(overruled.evidence)") }
        return decision
    }
}
