import Testing
@testable import RunbookCore

/// Shorthand: verify `actual` against documented lines with default (auto) options.
private func check(_ documented: [String], _ actual: String, exit: Int32 = 0, mode: String = "auto",
                   strict: Bool = false, command: String = "cmd") -> VerificationResult {
    OutputMatcher.verify(command: command, documented: documented, actual: actual, exitStatus: exit,
                         options: VerificationOptions(mode: mode, strict: strict))
}

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

@Suite("Verification: normalisation")
struct VerificationNormalizationTests {
    @Test("CRLF, ANSI colours, trailing blanks and blank edges are not differences")
    func normalisedEqual() {
        let documented = ["", "NAME    READY", "web     1/1   ", ""]
        let actual = "\r\n\u{1B}[1mNAME\u{1B}[0m    READY\r\n\u{1B}[32mweb\u{1B}[0m     1/1\t \r\n\r\n\r\n"
        #expect(check(documented, actual, mode: "lines").verdict == .pass)
    }

    @Test("a real difference survives normalisation")
    func realDifference() {
        let result = check(["web     1/1"], "\u{1B}[31mweb     0/1\u{1B}[0m\r\n", mode: "lines")
        #expect(result.verdict == .fail)
    }

    @Test("normaliser: CR redraws, tabs, controls, numbering")
    func normalizer() {
        #expect(OutputNormalizer.normalize(line: "10%\r50%\r100% done") == "100% done")
        #expect(OutputNormalizer.normalize(line: "a\tb") == "a       b")
        #expect(OutputNormalizer.normalize(line: "bell\u{07} \u{1B}]0;title\u{07}x  ") == "bell x")
        let lines = OutputNormalizer.lines(of: "\n\nfirst\n\nthird\n\n")
        #expect(lines == [NumberedLine(number: 3, text: "first"), NumberedLine(number: 4, text: ""),
                          NumberedLine(number: 5, text: "third")])
    }
}

@Suite("Verification: typed holes")
struct VerificationHoleTests {
    /// (documented line, an actual line of the same kind, an actual line that is not, expected kind)
    static let cases: [(String, String, String, VolatileKind)] = [
        ("Date: Thu, 21 Sep 2023 08:07:43 GMT", "Date: Tue, 04 Mar 2025 10:11:12 GMT", "Date: yesterday", .httpDate),
        ("started at 2023-09-21T08:07:43.123Z", "started at 2025-03-04T10:11:12+01:00", "started at soon", .timestamp),
        ("10.0.0.1 - - [21/Sep/2023:08:07:43 +0000] \"GET / HTTP/1.1\" 200",
         "10.0.0.1 - - [04/Mar/2025:10:11:12 +0100] \"GET / HTTP/1.1\" 200",
         "10.0.0.1 - - [unknown] \"GET / HTTP/1.1\" 200", .timestamp),
        ("took = 2.113ms", "took = 15.038µs", "took = forever", .duration),
        ("done in 1.5s", "done in 2m3.25s", "done in 1.5 parsecs", .duration),
        ("request 550e8400-e29b-41d4-a716-446655440000 ok", "request 123e4567-e89b-12d3-a456-426614174000 ok",
         "request 550e8400 ok", .uuid),
        ("commit 3f2c9a1b7e4d5f6a8b9c0d1e2f3a4b5c6d7e8f90", "commit 0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3",
         "commit main", .hexID),
        ("Updating service milvus_rootcoord (id: 0a1b2c3d4e5f6g7h8i9j0k1l2)",
         "Updating service milvus_rootcoord (id: zyxwvutsrqponmlkjihgfedcb)",
         "Updating service milvus_rootcoord (id: short)", .swarmID),
        ("Main PID: 4242 (dockerd)", "Main PID: 17 (dockerd)", "Main PID: none (dockerd)", .pid),
        ("0.0.0.0:49153->80/tcp", "0.0.0.0:32768->80/tcp", "0.0.0.0:http->80/tcp", .port),
        ("image size 12MB", "image size 1.2 GiB", "image size large", .size),
        ("node-1   Ready   5m", "node-1   Ready   2m30s", "node-1   Ready   Ready", .age),
        ("up for 3d", "up for 10h", "up for ages", .age),
        ("Up 5 minutes (healthy)", "Up About an hour (healthy)", "Up (healthy)", .age),
    ]

    @Test("a hole matches any value of its kind and nothing else", arguments: cases)
    func holes(documented: String, same: String, other: String, kind: VolatileKind) {
        let pattern = LinePattern(documented)
        #expect(pattern.holes.map(\.kind) == [kind])
        #expect(check([documented], same, mode: "lines").verdict == .pass)
        #expect(check([documented], other, mode: "lines").verdict == .fail)
    }

    @Test("matched holes report both values")
    func holeValues() {
        let result = check(["Date: Thu, 21 Sep 2023 08:07:43 GMT"], "Date: Tue, 04 Mar 2025 10:11:12 GMT")
        #expect(result.verdict == .pass)
        #expect(result.holes == [HoleMatch(kind: "http-date", documented: "Thu, 21 Sep 2023 08:07:43 GMT",
                                           actual: "Tue, 04 Mar 2025 10:11:12 GMT", documentedLine: 1, actualLine: 1)])
        #expect(result.diff.first?.kind == .hole)
    }

    @Test("context gates keep ordinary tokens literal", arguments: [
        "HTTP/1.1 200 OK", "listening on :9091", "milvus_index1", "version v2.3.0", "k8s node", "abcdefabcdefabcdefabcdefa",
    ])
    func noHoles(text: String) {
        #expect(LinePattern(text).holes.isEmpty)
    }

    @Test("etcdctl endpoint health: the duration is volatile, the health is not")
    func etcdctl() {
        let documented = ["127.0.0.1:2379 is healthy: successfully committed proposal: took = 2.113ms"]
        #expect(check(documented, "127.0.0.1:2379 is healthy: successfully committed proposal: took = 11.507341ms\n").verdict == .pass)
        let sick = check(documented, "127.0.0.1:2379 is unhealthy: failed to commit proposal: context deadline exceeded\n")
        #expect(sick.verdict == .fail)
        #expect(sick.reasons.first?.contains("is healthy") == true)
    }
}

@Suite("Verification: elisions")
struct VerificationElisionTests {
    @Test("elision lines match any number of lines", arguments: [
        "...", "…", "[...]", "# ... 内容较多，不列出所有了！", "(output omitted)", "# ... (more output omitted)",
    ])
    func elision(marker: String) {
        #expect(Elision.isElision(marker))
        let documented = ["first", marker, "last"]
        #expect(check(documented, "first\nlast\n").verdict == .pass)
        #expect(check(documented, "first\na\nb\nc\nlast\n").verdict == .pass)
        #expect(check(documented, "first\na\nb\n").verdict == .fail)
    }

    @Test("progress words and prose are not elisions", arguments: ["Loading...", "...done", "# install the package"])
    func notElision(text: String) {
        #expect(!Elision.isElision(text))
    }

    @Test("an in-line … matches text within one line only")
    func inlineEllipsis() {
        #expect(check(["abc123   nginx   \"docker-entrypoint.…\"   Up"], "abc123   nginx   \"docker-entrypoint.sh ngin\"   Up", mode: "lines").verdict == .pass)
        #expect(check(["start … end"], "start middle\nend", mode: "lines").verdict == .fail)
    }
}

@Suite("Verification: curl without a terminal")
struct VerificationCurlProgressTests {
    static let documented = ["HTTP/1.1 200 OK", "Date: Thu, 21 Sep 2023 08:07:43 GMT", "Content-Length: 2", "Content-Type: text/plain; charset=utf-8"]
    static let meter = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100     2  100     2    0     0   3200      0 --:--:-- --:--:-- --:--:--  2000\n"
    static let response = "HTTP/1.1 200 OK\r\nDate: Sun, 29 Nov 2026 07:36:43 GMT\r\nContent-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOK"

    @Test("curl's progress meter on stderr is not part of the documented output")
    func meterIgnored() {
        let result = OutputMatcher.verify(command: "curl -i http://localhost:9091/healthz", documented: Self.documented,
                                          actual: Self.meter + Self.response, exitStatus: 0, options: VerificationOptions())
        #expect(result.verdict == .pass, "\(result.reasons)")
    }

    @Test("the same lines from another command still count")
    func otherCommandsKeepThem() {
        let result = OutputMatcher.verify(command: "./fetch healthz", documented: Self.documented,
                                          actual: Self.meter + Self.response, exitStatus: 0, options: VerificationOptions())
        #expect(result.verdict != .pass)
    }
}

@Suite("Verification: re-run variants")
struct VerificationRerunTests {
    static let documented = ["Creating service milvus_rootcoord", "Creating service milvus_datacoord"]

    @Test("a re-run's `Updating service X (id: …)` passes for the documented `Creating service X`, with a note")
    func updatingAccepted() {
        let actual = "Updating service milvus_datacoord (id: 3ybs0v3jxy2z7tbkcq9k6cbnk)\nUpdating service milvus_rootcoord (id: ydt3d0592sagnc04ydrcv6tiw)\n"
        let result = OutputMatcher.verify(command: "docker stack deploy -c milvus-coord.yaml milvus", documented: Self.documented,
                                          actual: actual, exitStatus: 0, options: VerificationOptions())
        #expect(result.verdict == .pass, "\(result.reasons)")
        #expect(result.notes.contains { $0.contains("Updating service") })
    }

    @Test("updating a service the guide does not create is still a difference")
    func otherServiceFails() {
        let actual = "Updating service milvus_datacoord (id: 3ybs0v3jxy2z7tbkcq9k6cbnk)\nUpdating service milvus_querycoord (id: ydt3d0592sagnc04ydrcv6tiw)\n"
        let result = OutputMatcher.verify(command: "docker stack deploy -c milvus-coord.yaml milvus", documented: Self.documented,
                                          actual: actual, exitStatus: 0, options: VerificationOptions())
        #expect(result.verdict == .fail)
        #expect(result.reasons.contains { $0.contains("milvus_rootcoord") })
    }
}
