import Testing
@testable import RunbookCore

func plan(_ markdown: String, fileExists: @escaping @Sendable (String) -> Bool = { _ in true }) -> Runbook {
    RunbookBuilder.build(path: "guide.md", bytes: Array(markdown.utf8), context: GuideContext(fileExists: fileExists))
}

@Suite("guides in other styles")
struct GuideStylesTests {
    @Test("English prose: a single address and a spaced range with a stated count")
    func englishProse() {
        let runbook = plan("""
        # Redis

        On 10.0.0.5, run:

        ```bash
        apt-get install -y redis
        ```

        Then on all three members (10.0.0.1 - 10.0.0.3):

        ```sh
        systemctl restart redis
        ```
        """)
        #expect(runbook.steps.map(\.hosts) == [["10.0.0.5"], ["10.0.0.1", "10.0.0.2", "10.0.0.3"]])
        #expect(runbook.steps.allSatisfy { $0.hostSource == .prose })
        #expect(!runbook.diagnostics.contains { $0.code == .hostCountMismatch })
    }

    @Test("a stated count that disagrees with the range is an error")
    func countMismatch() {
        let runbook = plan("在``29.16.21.73~29.16.21.74``共3个节点上分别执行如下操作：\n\n```bash\nls\n```\n")
        let diagnostic = runbook.diagnostics.first { $0.code == .hostCountMismatch }
        #expect(diagnostic?.severity == .error && diagnostic?.line == 1)
    }

    @Test("GFM host tables with English and Chinese headers; a prompt names a host by inventory name")
    func pipeTables() {
        let runbook = plan("""
        | Hostname | IP Address | Role |
        |----------|------------|------|
        | redis-01 | 10.1.0.11  | master |
        | redis-02 | 10.1.0.12  | replica |

        | 主机名 | IP地址 | 角色 |
        | --- | --- | --- |
        | db-01 | 10.1.0.21 | 数据库 |

        ```console
        [root@redis-01 ~]# redis-cli ping
        PONG
        ```
        """)
        #expect(runbook.inventory.map(\.address) == ["10.1.0.11", "10.1.0.12", "10.1.0.21"])
        #expect(runbook.inventory.map(\.role) == ["master", "replica", "数据库"])
        let step = runbook.steps[0]
        #expect(step.kind == .transcript && step.hosts == ["10.1.0.11"] && step.hostSource == .prompt)
        #expect(step.commands.first?.expect == ["PONG"])
    }

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

    @Test("heredocs and \\ continuations stay inside one command")
    func continuations() {
        let runbook = plan("""
        ```bash
        cat > /etc/app.conf <<'EOF'
        # not a host comment: 10.0.0.9
        key = value
        EOF
        docker run -d \\
          --name web \\
          nginx
        for h in a b; do
          echo $h
        done
        ```
        """)
        let texts = runbook.steps[0].commands.map(\.text)
        #expect(texts.count == 3)
        #expect(texts[0].hasSuffix("EOF") && texts[0].contains("key = value"))
        #expect(texts[1] == "docker run -d \\\n  --name web \\\n  nginx")
        #expect(texts[2].hasPrefix("for h in a b; do") && texts[2].hasSuffix("done"))
        #expect(runbook.steps[0].hosts == ["local"] && runbook.steps[0].hostSource == .default)
    }

    @Test("a compound command after `&&` or `;`, or indented, stays one command")
    func compoundsAfterOperators() {
        let runbook = plan("""
        ```bash
        cd /opt/app && if [ -f app.conf ]; then
          cp app.conf app.conf.bak
        fi
        for h in a b; do
          if [ "$h" = a ]; then
            echo first
          fi
        done
        true; while false; do
          sleep 1
        done
        ```
        """)
        let texts = runbook.steps[0].commands.map(\.text)
        #expect(texts.count == 3, "\(texts)")
        #expect(texts.first?.hasSuffix("fi") == true)
        #expect(texts.dropFirst().first?.hasSuffix("done") == true)
        #expect(texts.last == "true; while false; do\n  sleep 1\ndone")
    }

    @Test("segment comments: `# 192.168.1.5`, `# on node1`, `# node2:` ; prose comments are not segments")
    func segmentComments() {
        let runbook = plan("""
        | host | ip |
        |---|---|
        | node1 | 192.168.1.6 |

        ```bash
        # install the agent, then point it at 192.168.1.9 later
        # 192.168.1.5
        echo a
        # on node1
        echo b
        # node2:
        echo c
        ```
        """)
        let step = runbook.steps[0]
        #expect(step.hostSource == .comment)
        #expect(step.hosts == ["192.168.1.5", "192.168.1.6", "node2"])
        #expect(step.commands.map(\.host) == ["192.168.1.5", "192.168.1.6", "node2"])
    }

    @Test("enumerations with 、 and “and”")
    func enumerations() {
        let runbook = plan("""
        在10.2.0.1、10.2.0.2和10.2.0.3上执行：

        ```bash
        uptime
        ```

        Run this on 10.3.0.1 and 10.3.0.2:

        ```bash
        uptime
        ```
        """)
        #expect(runbook.steps.map(\.hosts) == [["10.2.0.1", "10.2.0.2", "10.2.0.3"], ["10.3.0.1", "10.3.0.2"]])
    }

    @Test("annotations pin hosts, set retries and reject unknown keys")
    func annotations() {
        let runbook = plan("""
        On 10.0.0.1:

        <!-- runbook: hosts=10.0.0.7~8 retry=5 every=1s timeout=3s -->
        ```bash
        # on 10.0.0.9
        true
        ```

        <!-- runbook: colour=blue -->
        ```bash
        true
        ```
        """)
        #expect(runbook.steps[0].hosts == ["10.0.0.7", "10.0.0.8"] && runbook.steps[0].hostSource == .annotation)
        #expect(runbook.steps[0].verify.attempts == 5 && runbook.steps[0].verify.every == 1 && runbook.steps[0].verify.timeout == 3)
        #expect(!runbook.diagnostics.contains { $0.code == .hostConflict })
        let invalid = runbook.diagnostics.first { $0.code == .invalidAnnotation }
        #expect(invalid?.severity == .error && invalid?.line == 9)
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

    @Test("an unlabelled block whose every line reads as shell runs, marked as a guess")
    func inferredShell() {
        let runbook = plan("# T\n\n```\n$ ls /tmp\nx\n```\n\n```\nETCD_VER=v3.5.9\nsudo mkdir -p /etc/etcd \\\n  /var/lib/etcd\ncat > /tmp/a <<EOF\nanything: here\nEOF\n```\n")
        #expect(runbook.steps.map(\.kind) == [.transcript, .script])
        #expect(runbook.steps.allSatisfy { $0.inferred == "shell (unlabelled)" && $0.runs })
        #expect(runbook.steps[0].commands.map(\.expect) == [["x"]])
        #expect(!runbook.diagnostics.contains { $0.code == .unlabelledBlock })
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

    @Test("English upload sentences: copy X to HOST:DIR, upload X to HOSTS in DIR; an annotation pins hosts")
    func englishUploads() {
        let runbook = plan("""
        Copy [app.conf](./conf/app.conf) to 10.0.0.5:/etc/app.

        Upload `agent.yaml` to 10.0.0.6 and 10.0.0.7 in /opt/agent.

        <!-- runbook: hosts=10.0.0.9 -->
        Then upload [app.conf](./conf/app.conf) to the managers.
        """)
        let uploads = runbook.steps.filter { $0.kind == .upload }
        #expect(uploads.map(\.hosts) == [["10.0.0.5"], ["10.0.0.6", "10.0.0.7"], ["10.0.0.9"]])
        #expect(uploads.map { $0.file?.destination } == ["/etc/app/app.conf", "/opt/agent/agent.yaml", "app.conf"])
        #expect(uploads[2].hostSource == .annotation)
        #expect(!runbook.diagnostics.contains { $0.code == .danglingAnnotation })
    }
}
