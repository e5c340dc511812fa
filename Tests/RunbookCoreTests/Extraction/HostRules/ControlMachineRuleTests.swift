import Testing
@testable import RunbookCore

/// Host rule 5: when nothing names a host, the block runs on the control machine, and the plan says why.
@Suite("host rule 5: the control machine")
struct ControlMachineRuleTests {
    @Test("a block nothing names a host for runs on `local`; its evidence says what was looked for, and where")
    func noEvidence() throws {
        let runbook = plan("""
        # Build

        On 10.0.0.5, install the tools.

        ## Compile

        ```bash
        make
        ```
        """)
        let step = try #require(runbook.steps.first)
        #expect(step.hosts == ["local"] && step.hostSource == .default)
        #expect(step.hostTags.map(\.evidence) == ["no annotation, host comment, prompt host or prose host in section “Compile”"])
    }
}
