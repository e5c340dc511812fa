/// A fence that is never closed: cmark runs it to the end of the file, so what it holds is unknown.
struct UnterminatedFenceRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard !input.code.closed else { return nil }
        return .notRun("not run: unterminated fence", [Diagnostic(.unterminatedFence, line: input.block.line,
            "the fence opened here is never closed: cmark runs the block to the end of the file (L\(input.block.endLine)); not run")])
    }
}

/// An ASCII host table (`=====` rules, a hostname/ip/role header): host facts, never run.
struct HostTableRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        input.isHostTable ? BlockReading(kind: .inventory) : nil
    }
}

/// `<!-- runbook: skip -->` before the block.
struct AnnotatedSkipRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard let annotation = input.annotation, annotation.values["skip"] != nil else { return nil }
        return .notRun("not run: annotated skip (L\(annotation.line))")
    }
}

/// A block that prose labels as output ("Output:", "> output", "输出如下", "you should see"), after a
/// command: not run, but that command's documented output, verified like a transcript's. A block
/// that reads as shell commands is commands, whatever the prose says.
struct DocumentedOutputRule: BlockRule {
    static let textLanguages: Set<String> = ["text", "txt", "output", "plaintext", "plain", "log", "console", "shell-session"]

    func read(_ input: BlockRuleInput) -> BlockReading? {
        guard let label = input.outputLabel, input.followsCommand, input.code.closed else { return nil }
        let text = input.code.literal
        guard Self.textLanguages.contains(input.code.language) ? !FileContentRule.looksLikeTranscript(text)
                : !UnlabelledContent.readsAsShell(text) else { return nil }
        var reading = BlockReading.notRun("not run: the documented output of the command before it (“\(label.text)” L\(label.line))")
        reading.documentsOutput = true
        return reading
    }
}

/// An indented code block: guides indent output and examples, not the commands to run.
struct IndentedCodeRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        input.code.fenced ? nil : .notRun("not run: indented code block")
    }
}

/// Any other language, or an unlabelled fence: listed in the plan, not run. An unlabelled fence
/// holding prompt lines gets a note saying how to run it.
struct OtherLanguageRule: BlockRule {
    func read(_ input: BlockRuleInput) -> BlockReading? {
        let language = input.code.language
        var diagnostics: [Diagnostic] = []
        if language.isEmpty, input.code.literal.linesAtNewlines.contains(where: { !$0.isEmpty && Prompt.parse($0) != nil }) {
            diagnostics.append(Diagnostic(.unlabelledBlock, line: input.block.line,
                "this unlabelled block has prompt lines, but not every command reads as shell; it is not run"))
        }
        return .notRun(language.isEmpty ? "not run: no language, and not every line reads as a shell command (label it `bash` to run it)"
                       : "not run: language `\(language)`", diagnostics)
    }
}
