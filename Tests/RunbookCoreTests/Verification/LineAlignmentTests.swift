import Testing
@testable import RunbookCore

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

/// milvus.md 2.2: `docker stack deploy` lists services in Go map order.
private let workerServices = ["index1", "index2", "index3", "index4", "data1", "data2",
                      "query1", "query2", "query3", "query4", "query5"].map { "Creating service milvus_\($0)" }

/// A fixed shuffle of `workerServices`, as Docker might print them.
private let shuffledOrder = [6, 2, 9, 0, 4, 10, 1, 7, 3, 8, 5]

@Suite("Verification: unordered groups")
struct VerificationGroupTests {
    @Test("Creating service lines match in any order")
    func anyOrder() {
        let actual = shuffledOrder.map { workerServices[$0] }.joined(separator: "\n") + "\n"
        let result = check(workerServices, actual, command: "docker stack deploy --compose-file milvus-worker.yaml milvus")
        #expect(result.verdict == .pass)
        #expect(result.diff.contains { $0.kind == .moved })
        #expect(result.diff.filter { $0.kind == .missing || $0.kind == .extra }.isEmpty)
    }

    @Test("the same lines out of order fail in lines mode")
    func strictOrder() {
        let actual = shuffledOrder.map { workerServices[$0] }.joined(separator: "\n")
        #expect(check(workerServices, actual, mode: "lines").verdict == .fail)
    }

    @Test("a missing service fails and is named")
    func missing() {
        let actual = shuffledOrder.filter { $0 != 8 }.map { workerServices[$0] }.joined(separator: "\n")
        let result = check(workerServices, actual)
        #expect(result.verdict == .fail)
        #expect(result.reasons == ["missing (unordered group): \"Creating service milvus_query3\" (documented line 9)"])
    }

    @Test("an extra service is drift")
    func extra() {
        let actual = (shuffledOrder.map { workerServices[$0] } + ["Creating service milvus_query6"]).joined(separator: "\n")
        let result = check(workerServices, actual)
        #expect(result.verdict == .drift)
        #expect(result.reasons.contains { $0.contains("milvus_query6") })
        #expect(check(workerServices, actual, strict: true).verdict == .fail)
    }
}

@Suite("Verification: anchors and drift")
struct VerificationDriftTests {
    @Test("a missing literal line fails; a missing mostly-volatile line drifts")
    func anchors() {
        let documented = ["Deployment complete", "2023-09-21T08:07:43Z 12ms"]
        #expect(check(documented, "Deployment complete\n").verdict == .drift)
        let failed = check(documented, "2023-09-21T08:07:43Z 12ms\n")
        #expect(failed.verdict == .fail)
        #expect(failed.reasons == ["missing: \"Deployment complete\" (documented line 1)"])
    }

    @Test("extra lines and version changes drift; strict makes them fail")
    func drift() {
        let documented = ["Client Version: v1.28.2", "Kustomize Version: v5.0.4"]
        let actual = "Client Version: v1.29.0\nKustomize Version: v5.0.4\nServer Version: v1.29.0\n"
        let result = check(documented, actual)
        #expect(result.verdict == .drift)
        #expect(result.diff.contains { $0.kind == .drift && $0.actual == "Client Version: v1.29.0" })
        #expect(result.diff.contains { $0.kind == .extra && $0.actual == "Server Version: v1.29.0" })
        let strict = check(documented, actual, strict: true)
        #expect(strict.verdict == .fail)
        #expect(strict.reasons.last == "strict: drift counts as failure")
        #expect(check(documented, "Client Version: v1.28.2\nKustomize Version: v5.0.4").verdict == .pass)
    }
}
