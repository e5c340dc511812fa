import Testing
@testable import RunbookCore

@Suite("Verification: exit status")
struct VerificationExitTests {
    @Test("exit 0 passes, non-zero fails", arguments: [(Int32(0), Verdict.pass), (1, .fail), (127, .fail)])
    func exitStatus(status: Int32, verdict: Verdict) {
        let result = check(["hello"], "hello\n", exit: status)
        #expect(result.verdict == verdict)
        #expect(result.failedOnExitStatus == (verdict == .fail))
    }

    @Test("empty documented output passes on exit 0 whatever is printed, fails on non-zero")
    func emptyDocumented() {
        #expect(check([], "anything at all\n").verdict == .pass)
        #expect(check(["", "   "], "").verdict == .pass)
        let failed = check([], "mkdir: cannot create directory\n", exit: 1)
        #expect(failed.verdict == .fail)
        #expect(failed.reasons == ["exit status 1 (expected 0)"])
        #expect(failed.outputTail == ["mkdir: cannot create directory"])
    }

    @Test("exit mode checks only the status")
    func exitMode() {
        #expect(check(["documented"], "something else entirely", mode: "exit").verdict == .pass)
        #expect(check(["documented"], "documented", exit: 2, mode: "exit").verdict == .fail)
    }

    @Test("an annotated exit expectation replaces 0")
    func expectedExit() {
        let options = VerificationOptions(mode: "auto", strict: false, exit: .codes([1]))
        #expect(OutputMatcher.verify(command: "grep x f", documented: [], actual: "", exitStatus: 1, options: options).verdict == .pass)
        #expect(OutputMatcher.verify(command: "grep x f", documented: [], actual: "", exitStatus: 0, options: options).verdict == .fail)
        #expect(ExitExpectation.nonzero.accepts(3) && !ExitExpectation.nonzero.accepts(0) && ExitExpectation.any.accepts(9))
    }

    @Test("the output tail keeps the last 20 lines")
    func tail() {
        let output = (1...30).map { "line \($0)" }.joined(separator: "\n")
        let result = check(["x"], output, exit: 3)
        #expect(result.outputTail.count == 20)
        #expect(result.outputTail.first == "line 11" && result.outputTail.last == "line 30")
    }
}

@Suite("Verification: modes")
struct VerificationModeTests {
    @Test("contains: every documented line somewhere, in any order")
    func contains() {
        let documented = ["Status: active", "took = 2.113ms"]
        #expect(check(documented, "header\nround trip took = 9.5ms\nStatus: active (running)\n", mode: "contains").verdict == .pass)
        let failed = check(documented, "Status: inactive\ntook = 9.5ms\n", mode: "contains")
        #expect(failed.verdict == .fail)
        #expect(failed.reasons == ["not found anywhere in the output: \"Status: active\" (documented line 1)"])
    }

    @Test("regex: each documented line is a regex matching some actual line")
    func regex() {
        #expect(check(["^Server Version: v1\\.2[89]", "Ready$"], "Ready\nServer Version: v1.29.0\n", mode: "regex").verdict == .pass)
        #expect(check(["^Server Version: v1\\.2[89]"], "Server Version: v1.30.0\n", mode: "regex").verdict == .fail)
        let invalid = check(["(unclosed"], "(unclosed\n", mode: "regex")
        #expect(invalid.verdict == .fail)
        #expect(invalid.reasons.first?.contains("not a valid regular expression") == true)
    }

    @Test("lines: holes still apply, but an extra line fails")
    func lines() {
        #expect(check(["took = 2.113ms"], "took = 3ms\n", mode: "lines").verdict == .pass)
        let extra = check(["took = 2.113ms"], "took = 3ms\nretrying\n", mode: "lines")
        #expect(extra.verdict == .fail)
        #expect(extra.reasons == ["1 undocumented line in the actual output"])
        #expect(check(["took = 2.113ms"], "took = 3ms\nretrying\n").verdict == .drift)
    }
}
