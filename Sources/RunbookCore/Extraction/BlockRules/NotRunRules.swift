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
                "this unlabelled block looks like a shell transcript; it is not run"))
        }
        return .notRun(language.isEmpty ? "not run: no language" : "not run: language `\(language)`", diagnostics)
    }
}
