import Foundation
import Testing
@testable import RunbookCore

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
