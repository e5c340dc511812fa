import Testing
@testable import RunbookCore

/// Host rule 1: `<!-- runbook: hosts=… -->` before a block pins its hosts over everything in it.
@Suite("host rule 1: an annotation names the hosts")
struct AnnotationHostRuleTests {
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
}
