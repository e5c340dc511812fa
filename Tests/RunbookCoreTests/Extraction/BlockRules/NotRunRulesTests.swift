import Testing
@testable import RunbookCore

/// The block rules of BlockRules/NotRunRules.swift: blocks that are listed in the plan and not run.
@Suite("block rules: blocks listed, not run")
struct NotRunRulesTests {
    @Test("an unterminated fence is a warning and the swallowed text does not run")
    func unterminated() {
        let runbook = plan("# T\n\n```bash\nrm -rf /tmp/x\n\nSome prose that was meant to follow.\n")
        #expect(runbook.diagnostics.contains { $0.code == .unterminatedFence && $0.line == 3 })
        #expect(runbook.steps[0].kind == .skipped && !runbook.steps[0].runs)
    }

    @Test("other languages and unlabelled blocks are listed as not run")
    func notRun() {
        let runbook = plan("```text\nhello\n```\n\n```\n$ ls\n```\n\n    indented\n")
        #expect(runbook.steps.map(\.kind) == [.skipped, .skipped, .skipped])
        #expect(runbook.diagnostics.contains { $0.code == .unlabelledBlock })
    }
}
