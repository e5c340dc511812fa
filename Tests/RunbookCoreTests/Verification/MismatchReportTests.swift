import Testing
@testable import RunbookCore

@Suite("Verification: mismatch report")
struct VerificationReportTests {
    private let documented = [
        "HTTP/1.1 200 OK",
        "Date: Thu, 21 Sep 2023 08:07:43 GMT",
        "Content-Length: 2",
        "Content-Type: text/plain; charset=utf-8",
    ]

    @Test("an HTTP 503 report labels both sides, numbers both columns and names the status")
    func http503() {
        let actual = "HTTP/1.1 503 Service Unavailable\r\nDate: Tue, 04 Mar 2025 10:11:12 GMT\r\nContent-Length: 24\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nrootcoord is not healthy"
        let result = OutputMatcher.verify(command: "curl -i http://localhost:9091/healthz", documented: documented,
                                          actual: actual, exitStatus: 0, options: VerificationOptions())
        let report = MismatchReport.render(result, location: "milvus.md:134", host: "rootcoord", attempts: 24,
                                           elapsed: 60.3, documentedStartLine: 135)
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines[0] == "✗ FAIL   milvus.md:134 · host rootcoord · 24 attempts · 60.3 s · exit 0")
        #expect(lines[1] == "  $ curl -i http://localhost:9091/healthz")
        #expect(lines.contains("  ---- documented  milvus.md:135-138"))
        #expect(lines.contains("  ++++ actual      attempt 24"))
        #expect(lines.contains { $0.hasPrefix("   135       - HTTP/1.1 200 OK") })
        #expect(lines.contains { $0.hasPrefix("           1 + HTTP/1.1 503 Service Unavailable") })
        #expect(lines.contains { $0.contains("^^^") })
        #expect(lines.contains { $0.hasPrefix("   136     2 ~ Date: Thu, 21 Sep 2023 08:07:43 GMT") && $0.contains("got \"Tue, 04 Mar 2025 10:11:12 GMT\"") })
        #expect(lines.contains { $0.hasPrefix("  why     HTTP status 503, documented 200") })
        #expect(lines.contains { $0.hasPrefix("  drift   header Content-Length was \"2\", got \"24\"") })
        #expect(lines.contains { $0.hasPrefix("           6 · rootcoord is not healthy") })
    }

    @Test("an exit-status failure shows the output tail, not a diff")
    func exitTail() {
        let output = (1...25).map { "log \($0)" }.joined(separator: "\n") + "\nError: deploy failed"
        let result = OutputMatcher.verify(command: "docker stack deploy -c x.yaml milvus", documented: ["Creating service milvus_a"],
                                          actual: output, exitStatus: 1, options: VerificationOptions())
        let report = MismatchReport.render(result, location: "milvus.md:124", host: "m3", attempts: 1, elapsed: 2,
                                           documentedStartLine: 125)
        #expect(report.contains("exit 1 (expected 0)"))
        #expect(report.contains("---- last 20 line(s) of output"))
        #expect(report.contains("     | Error: deploy failed"))
        #expect(!report.contains("     | log 6\n"))
        #expect(report.contains("     | log 7"))
        #expect(!report.contains("---- documented"))
    }

    @Test("elided lines fold into one line that names the marker")
    func elisionFolded() {
        let result = OutputMatcher.verify(command: "cat log", documented: ["start", "# ... (more output omitted)", "done"],
                                          actual: "start\na\nb\nc\nd\nfinished\n", exitStatus: 0, options: VerificationOptions())
        #expect(result.verdict == .fail)
        let report = MismatchReport.render(result, location: "g.md:10", host: "local", attempts: 1, elapsed: 0.1,
                                           documentedStartLine: 11)
        #expect(report.contains("… 5 line(s) elided by \"# ... (more output omitted)\""))
        #expect(report.contains("   13       - done"))
        #expect(!report.contains("+ b"))
    }

    @Test("a pass renders a single header and notes, no diff")
    func pass() {
        let result = OutputMatcher.verify(command: "echo hi", documented: ["hi"], actual: "hi\n", exitStatus: 0,
                                          options: VerificationOptions())
        let report = MismatchReport.render(result, location: "g.md:3", host: "local", attempts: 1, elapsed: 0, documentedStartLine: 4)
        #expect(report.hasPrefix("✓ PASS "))
        #expect(!report.contains("----"))
    }

    @Test("carets point at the differing span")
    func carets() {
        #expect(MismatchReport.carets("STATUS Ready", "STATUS NotReady") == "       ^^^")
        #expect(MismatchReport.carets("same", "same") == nil)
    }
}
