/// 2. Host comments inside a shell block (`# 1. 在29.16.21.73上执行如下命令`, `# on 10.0.0.5`,
/// `# node1:`) split it into per-host segments. Prose right before the block that names other hosts
/// is a `host-conflict`: the guide contradicts itself and runbook will not pick one.
struct SegmentCommentRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        guard let shell = input.shell, !shell.commentTags.isEmpty else { return nil }
        var decision = HostDecision(tags: shell.commentTags, source: .comment, also: input.proseTags)
        let commentHosts = shell.commentTags.map(\.host).uniqued()
        if let adjacent = input.adjacentProse, !adjacent.mentions.isEmpty {
            let proseHosts = adjacent.mentions.flatMap(\.hosts).uniqued()
            if proseHosts.count != commentHosts.count || !proseHosts.allSatisfy(commentHosts.contains) {
                let comments = shell.commentTags.map { "\($0.host) (L\($0.line))" }.joined(separator: ", ")
                decision.diagnostics.append(Diagnostic(.hostConflict, line: input.step.line,
                    "prose L\(adjacent.line) says \(adjacent.mentions.map(\.evidence).joined(separator: ", ")) but the block's comments say \(comments)",
                    hint: "make the comments and the prose agree, or pin the hosts with <!-- runbook: hosts=… --> before the block"))
            }
        }
        return decision
    }
}
