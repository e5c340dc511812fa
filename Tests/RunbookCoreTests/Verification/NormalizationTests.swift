import Testing
@testable import RunbookCore

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
