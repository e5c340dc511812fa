/// 9. A scope stated for a section, before the block: in its section's prose or an enclosing
/// section's ("以下操作在所有节点执行", "The following steps run on all three members"); it reaches the
/// section and the sections under it.
struct SectionScopeRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        guard let scope = input.sectionScope else { return nil }
        return .scope(scope, source: .scope, label: "section scope", input)
    }
}
