import Testing
@testable import RunbookCore

/// A shell block read into commands (ShellBlock, Extraction/BlockLines.swift): what stays one command.
@Suite("a shell block read into commands")
struct BlockLinesTests {
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
}
