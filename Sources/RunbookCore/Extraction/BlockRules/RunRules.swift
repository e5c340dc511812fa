/// `bash sh shell zsh console shell-session terminal`: a transcript when it holds prompt lines
/// (commands with their documented output), else a script whose every line runs.
struct ShellBlockRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard BlockFacts.shellLanguages.contains(input.code.language), let shell = input.facts.shell else { return nil }
        return BlockReading(kind: shell.isTranscript ? .transcript : .script, commands: shell.commands, shell: shell)
    }
}

/// A block labelled as shell whose every line is plainly configuration or output (`[mysqld]`,
/// `server-id = 1`, a table, `HTTP/1.1 200 OK`) and none a command: listed, not run.
struct MislabelledDataRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard BlockFacts.shellLanguages.contains(input.code.language), input.facts.shell?.isTranscript == false,
              UnlabelledContent.readsAsData(input.code.literal) else { return nil }
        return .notRun("not run: labelled `\(input.code.language)`, but it reads as configuration or output, not commands", [
            Diagnostic(.unlabelledBlock, line: input.block.line,
                       "this `\(input.code.language)` block holds configuration or output, not commands; it is not run",
                       hint: "if it is a file's content, say where in the sentence before it (\"Add the following to F:\") or annotate <!-- runbook: file=F -->")])
    }
}

/// An unlabelled fence whose every line reads as shell (UnlabelledContent): run as a script, or
/// as a transcript when prompted, and shown in the plan as a guess.
struct InferredShellRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard input.code.language.isEmpty, let shell = input.facts.shell else { return nil }
        var reading = BlockReading(kind: shell.isTranscript ? .transcript : .script, commands: shell.commands, shell: shell)
        reading.inferred = "shell (unlabelled)"
        return reading
    }
}

/// `yaml yml` with no destination (FileContentRule takes those that have one): a file step checked
/// by a YAML parser and kept with the run.
struct YAMLBlockRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard BlockFacts.yamlLanguages.contains(input.code.language) else { return nil }
        return BlockReading(kind: .file, file: FileSpec(destination: nil, content: input.code.literal),
                            diagnostics: input.facts.yamlError.map { [$0] } ?? [])
    }
}

/// `python py python3`: run with `python3 -` on its host, syntax-checked at plan time.
struct PythonBlockRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard BlockFacts.pythonLanguages.contains(input.code.language) else { return nil }
        return BlockReading(kind: .python, commands: [Command(line: input.firstLine, host: nil, text: input.code.literal)],
                            diagnostics: input.facts.pythonError.map { [$0] } ?? [])
    }
}
