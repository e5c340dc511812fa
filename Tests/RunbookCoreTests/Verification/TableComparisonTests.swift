import Testing
@testable import RunbookCore

/// `kubectl get nodes` as a guide documents it.
private let documentedNodes = [
    "NAME       STATUS   ROLES           AGE   VERSION",
    "master-1   Ready    control-plane   12d   v1.28.2",
    "worker-1   Ready    <none>          12d   v1.28.2",
    "worker-2   Ready    <none>          11d   v1.28.2",
]

@Suite("Verification: tables")
struct VerificationTableTests {
    @Test("rows match by name, in any order, with new ages and re-aligned columns")
    func nodesPass() {
        let actual = """
        NAME       STATUS   ROLES           AGE    VERSION
        worker-2   Ready    <none>          400d   v1.28.2
        master-1   Ready    control-plane   401d   v1.28.2
        worker-1   Ready    <none>          3h5m   v1.28.2
        """
        let result = check(documentedNodes, actual, command: "kubectl get nodes")
        #expect(result.method == "table")
        #expect(result.verdict == .pass)
        #expect(result.holes.contains { $0.kind == "column AGE" && $0.documented == "12d" && $0.actual == "401d" })
    }

    @Test("a node that became NotReady fails")
    func notReady() {
        let actual = """
        NAME       STATUS     ROLES           AGE   VERSION
        master-1   Ready      control-plane   13d   v1.28.2
        worker-1   NotReady   <none>          13d   v1.28.2
        worker-2   Ready      <none>          12d   v1.28.2
        """
        let result = check(documentedNodes, actual)
        #expect(result.verdict == .fail)
        #expect(result.reasons == ["table row NAME worker-1: STATUS was \"Ready\", got \"NotReady\""])
    }

    @Test("a missing node fails, an extra node and a new version drift")
    func rows() {
        let missing = check(documentedNodes, "NAME       STATUS   ROLES           AGE   VERSION\nmaster-1   Ready    control-plane   12d   v1.28.2\nworker-1   Ready    <none>          12d   v1.28.2")
        #expect(missing.verdict == .fail)
        #expect(missing.reasons.first?.contains("worker-2") == true)
        let extra = check(documentedNodes, """
        NAME       STATUS   ROLES           AGE   VERSION
        master-1   Ready    control-plane   12d   v1.29.0
        worker-1   Ready    <none>          12d   v1.28.2
        worker-2   Ready    <none>          11d   v1.28.2
        worker-3   Ready    <none>          1d    v1.28.2
        """)
        #expect(extra.verdict == .drift)
        #expect(extra.reasons.count == 2)
    }

    @Test("output that is no longer a table falls back to lines and fails")
    func notATable() {
        #expect(check(documentedNodes, "No resources found").verdict == .fail)
    }
}
