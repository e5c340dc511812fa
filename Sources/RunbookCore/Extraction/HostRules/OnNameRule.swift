/// 4. The nearest prose is an `On NAME:` paragraph (`On node1:`, `On db1 and db2, run:`, `在node1上执行：`)
/// naming machines of a table, of the inventory, or by name-like words (`node1`): those machines.
/// Names the guide defined earlier (`NAME_1=node1`, `HOST_1=10.0.0.11`) resolve to their addresses.
struct OnNameRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        guard let statement = input.prose?.scope, statement.isOnName else { return nil }
        return .scope(statement, source: .prose, label: "", input)
    }
}
