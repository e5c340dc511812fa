/// 10. A scope stated once for the whole document, before the block ("The commands in this lab must
/// be run on each controller instance: `controller-0`, `controller-1`, and `controller-2`", "本文所有
/// 操作在每台服务器上执行").
struct DocumentScopeRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        guard let scope = input.documentScope else { return nil }
        return .scope(scope, source: .scope, label: "document scope", input)
    }
}
