/// The host rules of SPEC section 2 and §12, strongest first: the first rule that decides a block's
/// hosts wins, and the weaker evidence is kept beside it. This list is the precedence; a new rule is
/// one type in this folder and one line here.
///
/// Scope rules (4–10) speak for the statement they read: hosts it names, the control machine, or
/// machines it leaves open, which decide `unresolved-host` at that rung (a wider scope never
/// overrides a nearer statement it cannot resolve). A scope word is resolved where it is read
/// (`ScopeResolver`): names listed with it, the guide's tables (hostnames, roles), then the inventory's
/// `groups:` and hosts (`InventoryGroupRule` explains), so a group binds a statement at the rung where
/// the statement stands.
enum HostRules {
    static let precedence: [any HostRule] = [
        AnnotationHostRule(),   // 1. <!-- runbook: hosts=… --> or local before the block (or after its heading)
        SegmentCommentRule(),   // 2. host comments inside the block (`# 在29.16.21.73上执行`, `# node1:`, `# For machine 1`)
        PromptHostRule(),       // 3. the prompts' hosts (`root@rootcoord:/milvus#`; `localhost` says nothing)
        OnNameRule(),           // 4. the nearest prose is `On node1:` / `在node1上执行：` (a table's or the inventory's name)
        ProseHostRule(),        // 5. the nearest prose names hosts (or speaks of machines nothing resolves: unresolved)
        LocalWordsRule(),       // 6. the nearest prose says the control machine ("from your workstation"), over 7–10
        HeadingRule(),          // 7. a heading over the block names a machine (`#### Master`, `## node1`, `Master节点（node1）`)
        AfterBlocksRule(),      // 8. a scope stated after the block ("Remember to run the above commands on each controller")
        SectionScopeRule(),     // 9. a scope stated for an enclosing section ("以下操作在所有节点执行")
        DocumentScopeRule(),    // 10. a scope stated once for the document ("…must be run on each controller instance: …")
        ControlMachineRule(),   // 11. nothing says where: `local` if the guide names no other machine, else unresolved-host
    ]

    /// The hosts of the block `input` describes, by the first rule that decides.
    static func decide(_ input: HostRuleInput) -> HostDecision {
        decideWithRung(input).decision
    }

    /// `decide`, and the position in `precedence` of the rule that decided.
    static func decideWithRung(_ input: HostRuleInput) -> (decision: HostDecision, rung: Int) {
        for (rung, rule) in precedence.enumerated() {
            if let decision = rule.decide(input) { return (decision, rung) }
        }
        preconditionFailure("the control-machine rule always decides")
    }

    /// The first rule that reads what the guide says after the block (a scope stated after it, and
    /// whether the guide names other machines anywhere): a block decided from here on is decided
    /// again once the whole guide is read; one decided above it is final where it stands.
    static let firstReadingAhead = precedence.firstIndex { $0 is AfterBlocksRule }!
}

/// One way of telling which hosts a block runs on.
protocol HostRule: Sendable {
    /// The hosts of the block, with their evidence and anything the reviewer must be told; nil when
    /// this rule has nothing to say about the block (the next rule is asked).
    func decide(_ input: HostRuleInput) -> HostDecision?
}

/// What a host rule sees of one block and the guide around it.
struct HostRuleInput {
    /// The step as read so far (id, line, commands; no hosts yet).
    var step: Step
    /// The block's shell reading (segments, prompts), for shell blocks.
    var shell: ShellBlock?
    /// The annotation that applies (before the block, or after its section's heading).
    var annotation: Annotation?
    /// The prose right before the block, when no other block came between.
    var adjacentProse: Prose?
    /// The hosts named by the nearest prose of the section that says where to run (the adjacent one first).
    var proseTags: [HostTag]
    /// The section's heading, for the reviewer.
    var sectionTitle: String
    /// Names, roles and addresses of the guide's host tables.
    var finder: HostFinder
    /// The nearest prose of the section that says where to run: hosts, `On NAME:`, local words, or
    /// machines it leaves open (the adjacent prose first, never past the section's heading).
    var prose: Prose? = nil
    /// The nearest heading over the block (its section's or an enclosing one's) that names a machine.
    var heading: ScopeStatement? = nil
    /// The first scope stated after the block that reaches back over it.
    var after: ScopeStatement? = nil
    /// The nearest scope stated for an enclosing section, before the block.
    var sectionScope: ScopeStatement? = nil
    /// The scope stated for the document, before the block.
    var documentScope: ScopeStatement? = nil
    /// Where the guide first names a machine other than the control machine (nil: it names none).
    var remote: (line: Int, evidence: String)? = nil
    /// Machines the guide named in earlier blocks (`NAME_1=machine-1`).
    var names = GuideNames()
    /// Resolves names the tables do not know (the inventory's hosts and groups).
    var resolver: ScopeResolver? = nil
}

/// The hosts a rule decided, and what comes with them.
struct HostDecision {
    /// The deciding evidence, one tag per (host, line).
    var tags: [HostTag]
    var source: HostSource
    /// Other evidence shown beside it (prose that agreed or disagreed).
    var also: [HostTag] = []
    /// The block's commands with their per-host assignment changed, when the rule changes it.
    var commands: [Command]? = nil
    var diagnostics: [Diagnostic] = []

    /// The decision a scope statement makes at a rung (`source`): its hosts, the control machine,
    /// or, when it leaves its machines open, no host and an `unresolved-host` warning.
    static func scope(_ statement: ScopeStatement, source: HostSource, label: String, _ input: HostRuleInput) -> HostDecision {
        let evidence = label.isEmpty ? statement.evidence : "\(label): \(statement.evidence)"
        switch statement.target {
        case .hosts(let mentions):
            var decision = HostDecision(tags: [], source: source)
            for mention in mentions {
                for host in mention.hosts {
                    let machine = input.names.machine(named: host)
                    let shown = label.isEmpty ? mention.evidence : "\(label): \(mention.evidence)"
                    decision.tags.append(HostTag(host: machine?.host ?? host, source: source, line: statement.line,
                                                 evidence: machine.map { "\(shown) → \($0.evidence)" } ?? shown))
                }
            }
            let unbound = statement.unbound.filter { input.names.machine(named: $0) == nil && input.resolver?.knows($0) != true }
            if !unbound.isEmpty {
                let names = unbound.map { "`\($0)`" }.joined(separator: ", ")
                decision.diagnostics.append(Diagnostic(.unresolvedHost, line: statement.line,
                    "“\(statement.evidence)” names \(names), which no table of the guide lists; `run` needs the inventory to bind \(unbound.count == 1 ? "it" : "them")",
                    hint: "bind \(unbound.count == 1 ? "it" : "each") in the inventory, e.g. `\(unbound[0]): { ssh: \"user@address\" }`"))
            }
            return decision
        case .local:
            return HostDecision(tags: [HostTag(host: "local", source: source, line: statement.line, evidence: evidence)], source: source)
        case .open(let word, _):
            var decision = unresolved(input, line: statement.line, evidence: evidence,
                                      why: "“\(statement.evidence)” (L\(statement.line)) speaks of \(word.map { "`\($0)` machines" } ?? "machines") that nothing names",
                                      group: word ?? "all")
            decision.diagnostics += unknownGroup(statement, input.resolver?.inventory)
            return decision
        }
    }

    /// `unknown-group` for a statement whose scope word nothing resolves.
    static func unknownGroup(_ statement: ScopeStatement, _ inventory: InventoryNames?) -> [Diagnostic] {
        guard case .open(let word, _) = statement.target else { return [] }
        let what = word.map { "`\($0)`" } ?? "every machine"
        let inventory = inventory.map { inventory in
            inventory.groups.isEmpty ? "no group of \(inventory.path) (it has none)"
                : "no group of \(inventory.path) (groups: \(inventory.groups.keys.sorted().joined(separator: ", ")))"
        } ?? "no inventory group (no inventory was given)"
        let group = word ?? "all"
        return [Diagnostic(.unknownGroup, line: statement.line,
            "“\(statement.evidence)” speaks of \(what), which no table of the guide names and \(inventory) binds",
            hint: "name the machines in the inventory: `groups: { \(group): [HOST, …] }` (each HOST bound under hosts:), or pin the blocks with <!-- runbook: hosts=… -->")]
    }


    /// No host: the guide speaks of machines the rules cannot resolve. A warning at plan time; `run`
    /// refuses the step until an annotation or an inventory group binds it.
    static func unresolved(_ input: HostRuleInput, line: Int, evidence: String, why: String, group: String) -> HostDecision {
        HostDecision(tags: [HostTag(host: "?", source: .unresolved, line: line, evidence: evidence)], source: .unresolved,
                     diagnostics: [Diagnostic(.unresolvedHost, severity: .warning, line: input.step.line,
                        "step \(input.step.id) has no host: \(why); it is not run on the control machine by default, and `run` refuses it until it is bound",
                        hint: "bind the machines in the inventory (`groups: { \(group): [HOST, …] }`, each HOST under hosts:), or pin the block with <!-- runbook: hosts=… --> (or local)")])
    }
}

/// A prose block seen in the current section, with the hosts it names.
struct Prose {
    /// The line the prose block starts on.
    var line: Int
    /// Mentions of the last sentence that names hosts (the one closest to the block that follows).
    var mentions: [HostMention]
    /// What its last sentence that says where says, when that is not the hosts `mentions` holds
    /// (`On NAME:`, local words, machines it leaves open).
    var scope: ScopeStatement? = nil

    /// True when it says anything about where to run.
    var speaks: Bool { !mentions.isEmpty || scope != nil }
}
