import Testing
@testable import RunbookCore

/// The block kinds of SPEC section 2 (BlockRules.precedence): each kind decided by its rule.
@Suite("block rules: one rule per kind of block")
struct BlockRuleTests {
    @Test("each block kind is decided by its rule, with the reason a block is not run")
    func blockRules() {
        let runbook = plan("""
        # Kinds

        ```yaml
        a: 1
        ```

        ```python
        print(1)
        ```

        ```text
        hello
        ```

            indented

        <!-- runbook: skip -->
        ```bash
        rm -rf /
        ```

        ```bash
        echo never closed
        """)
        #expect(runbook.steps.map(\.kind) == [.file, .python, .skipped, .skipped, .skipped, .skipped])
        #expect(runbook.steps.compactMap(\.note) == ["not run: language `text`", "not run: indented code block",
                                                     "not run: annotated skip (L17)", "not run: unterminated fence"])
        #expect(runbook.diagnostics.contains { $0.code == .unterminatedFence && $0.line == 22 })
    }
}
