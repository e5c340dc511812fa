import Foundation
import Testing
@testable import RunbookCore

private func check(_ documented: [String], _ actual: String, exit: Int32 = 0, mode: String = "auto",
                   strict: Bool = false, command: String = "cmd") -> VerificationResult {
    OutputMatcher.verify(command: command, documented: documented, actual: actual, exitStatus: exit,
                         options: VerificationOptions(mode: mode, strict: strict))
}

/// milvus.md 1.3: the documented `curl -i` transcript (with the trailing blank line the guide shows).
private let milvusHealthz = [
    "HTTP/1.1 200 OK",
    "Date: Thu, 21 Sep 2023 08:07:43 GMT",
    "Content-Length: 2",
    "Content-Type: text/plain; charset=utf-8",
    "",
]

/// What `curl -i` prints today against Milvus' Go health endpoint: CRLF headers, body without newline.
private let goHealthzOK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: Tue, 04 Mar 2025 10:11:12 GMT\r\nContent-Length: 2\r\n\r\nOK"

@Suite("Verification: curl -i")
struct VerificationHTTPTests {
    @Test("milvus health check passes against a Go server's 200 OK today")
    func milvusPasses() {
        let result = check(milvusHealthz, goHealthzOK, command: "curl -i http://localhost:9091/healthz")
        #expect(result.verdict == .pass)
        #expect(result.method == "http")
        #expect(result.holes.contains { $0.documented == "Thu, 21 Sep 2023 08:07:43 GMT" && $0.actual == "Tue, 04 Mar 2025 10:11:12 GMT" })
        #expect(result.notes.contains("response body not documented; not compared"))
    }

    @Test("milvus 2.3 variant ending in a Chinese elision passes too")
    func milvusElided() {
        let documented = milvusHealthz + ["# ... 内容较多，不列出所有了！"]
        #expect(check(documented, goHealthzOK).verdict == .pass)
        #expect(check(documented, goHealthzOK + "\n").verdict == .pass)
    }

    @Test("a 503 fails with a reason naming the status")
    func milvus503() {
        let actual = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nDate: Tue, 04 Mar 2025 10:11:12 GMT\r\nContent-Length: 24\r\n\r\nrootcoord is not healthy"
        let result = check(milvusHealthz, actual)
        #expect(result.verdict == .fail)
        #expect(result.reasons.contains { $0.contains("HTTP status 503, documented 200") })
        #expect(result.diff.contains { $0.kind == .missing && $0.documented == "HTTP/1.1 200 OK" })
        #expect(result.diff.contains { $0.kind == .extra && $0.actual == "HTTP/1.1 503 Service Unavailable" })
    }

    @Test("HTTP/2 without a reason phrase and reordered headers still pass")
    func http2() {
        let actual = "HTTP/2 200\r\ncontent-length: 2\r\ncontent-type: text/plain; charset=utf-8\r\ndate: Tue, 04 Mar 2025 10:11:12 GMT\r\n\r\nOK"
        #expect(check(milvusHealthz, actual).verdict == .pass)
    }

    @Test("soft headers drift, hard headers fail, volatile headers are ignored")
    func headerGrades() {
        let longer = goHealthzOK.replacingOccurrences(of: "Content-Length: 2", with: "Content-Length: 17")
        #expect(check(milvusHealthz, longer).verdict == .drift)
        let json = goHealthzOK.replacingOccurrences(of: "text/plain; charset=utf-8", with: "application/json")
        let failed = check(milvusHealthz, json)
        #expect(failed.verdict == .fail)
        #expect(failed.reasons.contains { $0.contains("content-type") || $0.contains("Content-Type") })
        let noDate = goHealthzOK.replacingOccurrences(of: "Date: Tue, 04 Mar 2025 10:11:12 GMT\r\n", with: "")
        #expect(check(milvusHealthz, noDate).verdict == .pass)
    }

    @Test("a documented body is compared as text")
    func body() {
        let documented = ["HTTP/1.1 200 OK", "Content-Type: application/json", "", "{\"status\":\"ok\"}"]
        #expect(check(documented, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"status\":\"ok\"}").verdict == .pass)
        #expect(check(documented, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"status\":\"degraded\"}").verdict == .fail)
    }

    @Test("interim 100 Continue responses are skipped")
    func interim() {
        let actual = "HTTP/1.1 100 Continue\r\n\r\n" + goHealthzOK
        #expect(check(milvusHealthz, actual).verdict == .pass)
    }

    @Test("http mode forces HTTP comparison and fails on non-HTTP output")
    func forced() {
        #expect(check(["OK"], goHealthzOK, mode: "http").verdict == .pass)
        #expect(check(["OK"], "curl: (7) Failed to connect to localhost port 9091", mode: "http").verdict == .fail)
        let error = "HTTP/1.1 500 Internal Server Error\r\n\r\nOK"
        #expect(check(["OK"], error, mode: "http").verdict == .fail)
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
