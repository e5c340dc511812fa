import Testing
@testable import RunbookCore

/// The block rules of BlockRules/RunRules.swift: shell blocks (scripts and transcripts), YAML file
/// steps and Python steps, with their checks.
@Suite("block rules: shell, YAML and Python blocks")
struct RunRulesTests {
    @Test("console blocks with $ prompts, ~~~ fences, code blocks inside list items")
    func consoleAndLists() {
        let runbook = plan("""
        1. On 192.168.1.5:

           ~~~console
           $ uname -s
           Linux
           $ echo ok
           ok
           ~~~

        2. Check it.
        """)
        let step = runbook.steps[0]
        #expect(step.kind == .transcript)
        #expect(step.commands.map(\.text) == ["uname -s", "echo ok"])
        #expect(step.commands.map(\.expect) == [["Linux"], ["ok"]])
        #expect(step.hosts == ["192.168.1.5"])
    }

    @Test("invalid YAML and Python are errors with the block's line")
    func invalidBlocks() {
        let runbook = RunbookBuilder.build(path: "g.md", bytes: Array("""
        ```yaml
        a: 1
        b: [unclosed
        ```

        ```python
        def (:
        ```
        """.utf8), context: GuideContext(pythonSyntaxErrors: { $0.map { _ in (1, "invalid syntax") } }))
        #expect(runbook.diagnostics.contains { $0.code == .invalidYAML && $0.severity == .error && (2...4).contains($0.line) })
        #expect(runbook.diagnostics.contains { $0.code == .pythonSyntax && $0.line == 7 })
    }

    @Test("without python3 the guide is told its python blocks were not checked, once")
    func pythonUnchecked() {
        let runbook = RunbookBuilder.build(path: "guide.md", bytes: Array("""
        # T

        ```python
        print(1)
        ```

        ```python
        def (:
        ```
        """.utf8), context: GuideContext(pythonSyntaxErrors: { _ in nil }))
        let notes = runbook.diagnostics.filter { $0.code == .pythonUnchecked }
        #expect(notes.count == 1 && notes.first?.line == 3 && notes.first?.severity == .note)
        #expect(notes.first?.message.contains("2 python blocks") == true)
        #expect(!runbook.diagnostics.contains { $0.code == .pythonSyntax })
    }

    @Test("an unlabelled block whose every line reads as shell runs, marked as a guess")
    func inferredShell() {
        let runbook = plan("# T\n\n```\n$ ls /tmp\nx\n```\n\n```\nETCD_VER=v3.5.9\nsudo mkdir -p /etc/etcd \\\n  /var/lib/etcd\ncat > /tmp/a <<EOF\nanything: here\nEOF\n```\n")
        #expect(runbook.steps.map(\.kind) == [.transcript, .script])
        #expect(runbook.steps.allSatisfy { $0.inferred == "shell (unlabelled)" && $0.runs })
        #expect(runbook.steps[0].commands.map(\.expect) == [["x"]])
        #expect(!runbook.diagnostics.contains { $0.code == .unlabelledBlock })
    }

    @Test("a bash block that holds only configuration or output is not run; one command in it and it runs", arguments: [
        ("[mysqld]\nserver-id = 1\nlog-bin = mysql-bin\n", false),
        ("HTTP/1.1 200 OK\ncontent-type: text/plain\n", false),
        ("+----+------+\n| id | name |\n+----+------+\n", false),
        ("[mysqld]\nserver-id = 1\nsystemctl restart mariadb\n", true),
        ("dcos login --username admin\n", true),
        ("export A=1\n", true),
    ])
    func mislabelledData(_ body: String, _ runs: Bool) {
        let runbook = plan("# T\n\n```bash\n\(body)```\n")
        #expect(runbook.steps[0].runs == runs, "\(body)")
        #expect(runbook.diagnostics.contains { $0.code == .unlabelledBlock } == !runs)
    }
}
