/// `bash sh shell zsh console shell-session terminal`: a transcript when it holds prompt lines
/// (commands with their documented output), else a script whose every line runs.
struct ShellBlockRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard BlockFacts.shellLanguages.contains(input.code.language), let shell = input.facts.shell else { return nil }
        return BlockReading(kind: shell.isTranscript ? .transcript : .script, commands: shell.commands, shell: shell)
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
