/// 5. Nothing names a host: the block runs on the control machine (`local`), and the plan says why.
struct ControlMachineRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        HostDecision(tags: [HostTag(host: "local", source: .default, line: input.step.line,
                                    evidence: "no annotation, host comment, prompt host or prose host in section “\(input.sectionTitle)”")],
                     source: .default)
    }
}
