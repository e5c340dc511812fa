import Testing
@testable import RunbookCore

@Suite("Verification: error signatures")
struct VerificationErrorSignatureTests {
    @Test("an error the guide does not show fails even on exit 0", arguments: [
        "Error: No such container: milvus", "Traceback (most recent call last):", "bash: kubectl: command not found",
        "curl: (7) Failed to connect to localhost port 9091: Connection refused", "dial tcp 10.0.0.1:2379: connect: connection refused",
        "cat: /etc/milvus.yaml: No such file or directory", "open /var/run/docker.sock: permission denied",
        "error: the server doesn't have a resource type \"nodes\"", "fatal: not a git repository", "panic: runtime error",
    ])
    func signature(line: String) {
        let result = check(["ready", "..."], "ready\n\(line)\n")
        #expect(result.verdict == .fail)
        #expect(result.reasons.contains { $0.hasPrefix("error signature") })
    }

    @Test("the same error passes when the guide shows it")
    func documentedError() {
        let documented = ["Error: No such container: milvus"]
        #expect(check(documented, "Error: No such container: milvus\n").verdict == .pass)
        #expect(check(["ready", "..."], "ready\nerrors: 0\n").verdict == .pass)
    }
}
