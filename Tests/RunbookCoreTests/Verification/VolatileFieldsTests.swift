import Testing
@testable import RunbookCore

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
