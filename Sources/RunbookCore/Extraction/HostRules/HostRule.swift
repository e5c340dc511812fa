/// The host rules of SPEC section 2, strongest first: the first rule that decides a block's hosts
/// wins, and the weaker ones are kept as evidence beside it. This list is the precedence; a new rule
/// is one type in this folder and one line here.
enum HostRules {
    static let precedence: [any HostRule] = [
        AnnotationHostRule(),       // 1. <!-- runbook: hosts=… --> or local before the block (or after its heading)
        SegmentCommentRule(),       // 2. host comments inside the block (`# 在29.16.21.73上执行`, `# node1:`)
        PromptHostRule(),           // 3. the prompts' hosts (`root@rootcoord:/milvus#`)
        ProseHostRule(),            // 4. the nearest prose of the section naming hosts
        ControlMachineRule(),       // 5. none of these: the control machine, said so
    ]

    /// The hosts of the block `input` describes, by the first rule that decides.
    static func decide(_ input: HostRuleInput) -> HostDecision {
        for rule in precedence {
            if let decision = rule.decide(input) { return decision }
        }
        preconditionFailure("the control-machine rule always decides")
    }
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
    let step: Step
    /// The block's shell reading (segments, prompts), for shell blocks.
    let shell: ShellBlock?
    /// The annotation that applies (before the block, or after its section's heading).
    let annotation: Annotation?
    /// The prose right before the block, when no other block came between.
    let adjacentProse: Prose?
    /// The hosts named by the nearest prose of the section that names any (the adjacent one first).
    let proseTags: [HostTag]
    /// The section's heading, for the reviewer.
    let sectionTitle: String
    /// Names, roles and addresses of the guide's host tables.
    let finder: HostFinder
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
}

/// A prose block seen in the current section, with the hosts it names.
struct Prose {
    /// The line the prose block starts on.
    var line: Int
    /// Mentions of the last sentence that names hosts (the one closest to the block that follows).
    var mentions: [HostMention]
}
