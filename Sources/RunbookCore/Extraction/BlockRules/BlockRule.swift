/// What each code block of a guide is, decided by the first rule that knows (SPEC section 2). This
/// list is the order; a new kind of block is one type in this folder and one line here.
enum BlockRules {
    static let precedence: [any BlockRule] = [
        UnterminatedFenceRule(),    // a fence never closed runs to the end of the file: never run
        HostTableRule(),            // an ASCII host table in any block: facts, never run
        AnnotatedSkipRule(),        // <!-- runbook: skip -->
        DocumentedOutputRule(),     // after "Output:", "输出如下": what the command before prints
        IndentedCodeRule(),         // an indented block: not a command block
        FileContentRule(),          // "Add the following to F:", "将以下内容写入 F", `file=F`: a file step
        EditorRule(),               // `vi F` and the file's content (or alone: the next block is F)
        ShownFileRule(),            // `$ cat F` and F's content, F written nowhere before: a file step
        MislabelledDataRule(),      // labelled bash, but every line is config or output: not run
        ShellBlockRule(),           // bash sh shell zsh console …: a script, or a transcript when prompted
        InferredShellRule(),        // unlabelled, every line reads as shell: a script or transcript, marked as a guess
        YAMLBlockRule(),            // yaml yml: a file step
        PythonBlockRule(),          // python py python3: run with python3 -
        OtherLanguageRule(),        // anything else: listed, not run
    ]

    /// The reading of the block `input` describes, by the first rule that decides.
    static func read(_ input: BlockRuleInput) -> BlockReading {
        for rule in precedence {
            if let reading = rule.read(input) { return reading }
        }
        preconditionFailure("the other-language rule always decides")
    }
}

/// One kind of code block.
protocol BlockRule: Sendable {
    /// What the block is when it is of this rule's kind; nil to ask the next rule.
    func read(_ input: BlockRuleInput) -> BlockReading?
}

/// What a block rule sees of one code block.
struct BlockRuleInput {
    let block: Block
    let code: CodeBlock
    /// What was read of the block beforehand, in parallel (shell lines, YAML and Python checks).
    let facts: BlockFacts
    /// The annotation that applies (before the block, or after its section's heading).
    let annotation: Annotation?
    /// True when the guide's host tables include this block.
    let isHostTable: Bool
    /// What the prose since the previous block (or an editor command in it) said this block is.
    var fileIntent: FileIntent? = nil
    /// The prose since the previous block that labels this one as output (`Output:` and its line).
    var outputLabel: (line: Int, text: String)? = nil
    /// True when the step before this block, in its section, runs a command with no documented output.
    var followsCommand = false
    /// True when a step before this block writes or names the file `path`.
    var writtenBefore: (String) -> Bool = { _ in false }

    /// The line of the block's first content line.
    var firstLine: Int { block.line + (code.fenced ? 1 : 0) }
}

/// What a block is: its kind, what it runs or writes, and what the reviewer is told about it.
struct BlockReading {
    var kind: StepKind
    var commands: [Command] = []
    var file: FileSpec? = nil
    /// The shell reading the host rules see (segments, prompts).
    var shell: ShellBlock? = nil
    /// Why it does not run (`not run: language \`text\``), for blocks that do not.
    var note: String? = nil
    var diagnostics: [Diagnostic] = []
    /// True for a block that is the documented output of the command before it.
    var documentsOutput = false
    /// How the kind was guessed from the content, for blocks whose label did not say (`shell (unlabelled)`).
    var inferred: String? = nil
    /// For a block that only opens an editor on a file: the next block is that file's content.
    var opens: FileIntent? = nil

    /// True for blocks whose hosts are resolved and whose verification applies.
    var actsOnHosts: Bool { note == nil && kind != .inventory }

    static func notRun(_ note: String, _ diagnostics: [Diagnostic] = []) -> BlockReading {
        BlockReading(kind: .skipped, note: note, diagnostics: diagnostics)
    }
}

/// What the words before a block said it is: the content of a file, to write or to add.
struct FileIntent: Sendable {
    var destination: String
    var append: Bool
    var mode: String?
    /// Where that was said: `prose L12 “Add the following to /etc/redis/redis.conf”`.
    var source: String
}
