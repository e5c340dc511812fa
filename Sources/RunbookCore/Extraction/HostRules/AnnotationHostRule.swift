/// 1. An annotation names the hosts (`hosts=29.16.21.73~74`) or the control machine (`local`): it
/// overrides everything in the block, per-segment hosts included.
struct AnnotationHostRule: HostRule {
    func decide(_ input: HostRuleInput) -> HostDecision? {
        guard let annotation = input.annotation else { return nil }
        let tags: [HostTag]
        if annotation.values["local"] != nil {
            tags = [HostTag(host: "local", source: .annotation, line: annotation.line, evidence: "local")]
        } else if let value = annotation.values["hosts"] {
            tags = Self.hosts(in: value, finder: input.finder).map {
                HostTag(host: $0, source: .annotation, line: annotation.line, evidence: value)
            }
        } else {
            return nil
        }
        return HostDecision(tags: tags, source: .annotation, commands: input.step.commands.map { var c = $0; c.host = nil; return c })
    }

    /// The hosts an annotation's `hosts=` value names: ranges and lists as in prose, table names
    /// resolved to their addresses, anything else as written.
    static func hosts(in value: String, finder: HostFinder) -> [String] {
        var result: [String] = []
        for part in value.split(whereSeparator: { $0 == "," || $0 == " " }) {
            let mentions = finder.mentions(in: String(part))
            if mentions.isEmpty { result.append(finder.address(of: String(part)) ?? String(part)) }
            else { result += mentions.flatMap(\.hosts) }
        }
        return result.uniqued()
    }
}
