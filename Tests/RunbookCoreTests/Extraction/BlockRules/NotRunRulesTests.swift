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

    @Test("other languages and unlabelled blocks that do not read as shell are listed as not run")
    func notRun() {
        let runbook = plan("```text\nhello\n```\n\n```\n$ frobnicate --all\nfrobnicated\n```\n\n    indented\n\n```\nNAME   READY\nweb-0  1/1\n```\n")
        #expect(runbook.steps.map(\.kind) == [.skipped, .skipped, .skipped, .skipped])
        #expect(runbook.diagnostics.contains { $0.code == .unlabelledBlock && $0.line == 5 })
        #expect(runbook.steps[3].note?.contains("not every line reads as a shell command") == true)
    }

    @Test("prose that labels the next block as output makes it the documented output of the command before", arguments: [
        "> output", "Output:", "Example output:", "You should see something like:", "输出如下：", "预期输出", "返回结果如下：",
    ])
    func labelledOutput(_ label: String) {
        let runbook = plan("# T\n\n```bash\netcdctl member list\n```\n\n\(label)\n\n```\n8e9e05c52164694d, started, m1\n```\n")
        #expect(runbook.steps.count == 2)
        #expect(runbook.steps[0].commands.last?.expect == ["8e9e05c52164694d, started, m1"], "\(label)")
        #expect(runbook.steps[0].outputBlock == 9 && runbook.steps[1].kind == .skipped && !runbook.steps[1].runs)
    }

    @Test("a block after an output label that reads as shell is commands; a label with no command before is not output")
    func notOutput() {
        let commands = plan("# T\n\n```bash\nuptime\n```\n\nOutput:\n\n```bash\nsystemctl status etcd\n```\n")
        #expect(commands.steps.map(\.kind) == [.script, .script] && commands.steps[0].commands.last?.expect == [])
        let first = plan("# T\n\nOutput:\n\n```\nhello world\n```\n")
        #expect(first.steps.map(\.kind) == [.skipped] && first.steps[0].note?.contains("documented output") == false)
    }
}
