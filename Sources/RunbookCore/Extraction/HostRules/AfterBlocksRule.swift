/// 8. A scope stated after the blocks it covers ("Remember to run the above commands on each
/// controller node: …", "以上操作在所有节点执行"): the blocks before it, back to the start of the
/// enclosing section (the parent section when it stands in a subsection), never past an earlier one.
struct AfterBlocksRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        guard let after = input.after else { return nil }
        return .scope(after, source: .scope, label: "after the blocks", input)
    }
}
