/// 7. A heading over the block that names a machine: its own section's or an enclosing section's
/// (`#### Master`, `## node1`, `### On the master node`, `Master节点（node1）`, `## Install on every node`).
/// A role the tables and the inventory do not know is kept as the machine's name (`master`) for the
/// inventory to bind. A block under it whose prompts all say `localhost` takes its host (a
/// `localhost` prompt names no machine).
struct HeadingRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        guard let heading = input.heading else { return nil }
        return .scope(heading, source: .heading, label: "", input)
    }
}
