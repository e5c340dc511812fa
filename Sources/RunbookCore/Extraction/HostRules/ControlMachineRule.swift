/// 11. Nothing says where the block runs. The control machine (`local`) when the guide names no
/// other machine anywhere, or the block's prose says so ("在客户端"), or the block only keeps a file
/// with the run; the plan states it. Otherwise the step has no host (`unresolved-host`): a guide about
/// other machines is never run on the operator's workstation by default.
struct ControlMachineRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        let keptFile = input.step.kind == .file && input.step.file?.destination == nil
        if let remote = input.remote, !keptFile, input.prose?.scope?.target != .local {
            return .unresolved(input, line: input.step.line, evidence: "nothing says where; the guide names other machines (L\(remote.line) “\(remote.evidence)”)",
                               why: "nothing in section “\(input.sectionTitle)” says where it runs, and the guide names other machines (L\(remote.line) “\(remote.evidence)”)",
                               group: "all")
        }
        return HostDecision(tags: [HostTag(host: "local", source: .default, line: input.step.line,
                                           evidence: "no annotation, host comment, prompt host or prose host in section “\(input.sectionTitle)”")],
                            source: .default)
    }
}
