import Foundation
import RunbookCore
import Testing
import TestSupport

@Suite("verification of documented output on real sshd hosts", .serialized)
struct VerificationEndToEndTests {
    // MARK: - Guides

    /// runbooks/milvus.md §1.3 (lines 132–140) verbatim, with the server's port for 9091 and the
    /// loopback address for localhost; `annotation` goes right before the block.
    static func healthzGuide(port: Int, annotation: String? = nil) -> String {
        """
        # Milvus 协调节点

        ### 1.3 服务验证
        我们到``coord``节点上进入协调节点服务的任意容器，使用如下命令查看服务的健康性:

        \(annotation.map { "<!-- runbook: \($0) -->" } ?? "")
        ```bash
        root@rootcoord:/milvus# curl -i http://127.0.0.1:PORT/healthz
        HTTP/1.1 200 OK
        Date: Thu, 21 Sep 2023 08:07:43 GMT
        Content-Length: 2
        Content-Type: text/plain; charset=utf-8

        ```
        """.replacingOccurrences(of: "PORT", with: String(port))
    }

    /// runbooks/milvus.md lines 120–125, with a fake `docker` on the host.
    static let deployGuide = """
    # Milvus 协调节点

    ## 1.2 部署

    On 10.0.0.1:

    ```bash
    [dcos@gp22aitppap3jmy-M3~]$ /mnt/data/bin/docker stack deploy --compose-file  milvus-coord.yaml milvus
    Creating service milvus_rootcoord
    Creating service milvus_datacoord
    Creating service milvus_querycoord
    Creating service milvus_indexcoord
    ```
    """

    static let clusterGuide = """
    # Cluster

    ## 2. etcd and nodes

    On 10.0.0.1:

    ```bash
    $ /mnt/data/bin/etcdctl endpoint health
    127.0.0.1:2379 is healthy: successfully committed proposal: took = 2.113ms
    $ /mnt/data/bin/kubectl get nodes
    NAME          STATUS   ROLES           AGE   VERSION
    k8s-master1   Ready    control-plane   42d   v1.27.4
    k8s-worker1   Ready    <none>          41d   v1.27.4
    ```
    """

    static let versionGuide = """
    # Cluster

    ## 2. etcd version

    On 10.0.0.1:

    ```bash
    $ /mnt/data/bin/etcdctl version
    etcdctl version: 3.5.5
    API version: 3.5
    ```

    ## 3. Next

    On 10.0.0.1:

    ```bash
    touch /mnt/data/after-version
    ```
    """

    // MARK: - Helpers

    /// Puts an executable `/mnt/data/bin/NAME` on `host` that prints `output`.
    static func fakeTool(_ name: String, on host: TestHosts.Host, printing output: String) throws {
        let bin = host.mntData.appending(path: "bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = "#!/bin/sh\ncat <<'RUNBOOK_FAKE_OUTPUT'\n\(output)\nRUNBOOK_FAKE_OUTPUT\n"
        let file = bin.appending(path: name)
        try script.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
    }

    static func records(_ records: [[String: Any]], _ event: String, step: String) -> [[String: Any]] {
        records.filter { $0["event"] as? String == event && $0["step"] as? String == step }
    }

    static func run(_ dir: URL, _ hosts: TestHosts, _ extra: [String] = []) throws -> (status: Int32, output: String) {
        try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"] + extra, in: dir)
    }

    // MARK: - curl -i /healthz (issue 4, item 2)

    @Test("milvus.md's `curl -i …/healthz` transcript passes against a live server answering 200 OK today")
    func healthzPasses() async throws {
        let server = try await HealthzServer(.ok)
        defer { server.stop() }
        try await TestHosts.with(count: 1, names: ["rootcoord"]) { hosts in
            // retry=2 only bounds the time this test takes if it breaks; a healthy server needs one attempt.
            let dir = try workspace(guide: Self.healthzGuide(port: server.port, annotation: "retry=2 every=1s"))
            let result = try Self.run(dir, hosts)
            #expect(result.status == 0, "\(result.output)")
            #expect(try CLI.recap(result.output).contains("rootcoord ok"), "\(result.output)")
            let journal = try journalRecords(dir)
            let verifies = Self.records(journal, "verify", step: "1.3/1")
            #expect(verifies.count == 1, "\(result.output)")
            #expect(verifies.first?["verdict"] as? String == "pass")
            let end = Self.records(journal, "step-end", step: "1.3/1").first
            #expect(end?["status"] as? String == "ok")
            #expect(end?["verdict"] as? String == "pass")
        }
    }

    @Test("the same transcript against a server answering 503: exit 1, a diff naming documented 200 vs actual 503")
    func healthzUnavailableFails() async throws {
        let server = try await HealthzServer(.unavailable)
        defer { server.stop() }
        try await TestHosts.with(count: 1, names: ["rootcoord"]) { hosts in
            let dir = try workspace(guide: Self.healthzGuide(port: server.port, annotation: "retry=2 every=1s"))
            let result = try Self.run(dir, hosts)
            #expect(result.status == 1, "\(result.output)")
            let output = result.output
            #expect(output.contains("✗ FAIL") && output.contains("host rootcoord") && output.contains("2 attempts"), "\(output)")
            #expect(output.contains("---- documented") && output.contains("++++ actual"), "\(output)")
            #expect(output.contains("- HTTP/1.1 200 OK"), "\(output)")
            #expect(output.contains("+ HTTP/1.1 503 Service Unavailable"), "\(output)")
            #expect(output.contains("HTTP status 503, documented 200"), "\(output)")
            #expect(try CLI.recap(output).contains("rootcoord failed"))
            let journal = try journalRecords(dir)
            let verifies = Self.records(journal, "verify", step: "1.3/1")
            #expect(verifies.count == 2 && verifies.allSatisfy { $0["verdict"] as? String == "fail" })
            #expect(verifies.allSatisfy { ($0["reasons"] as? [String])?.contains { $0.contains("HTTP status 503") } == true },
                    "\(verifies)")
            #expect(Self.records(journal, "step-end", step: "1.3/1").first?["status"] as? String == "failed")
        }
    }

    @Test("a server that comes up ~3 s late passes through the verification heading's retries, and the attempts show")
    func healthzComesUpLate() async throws {
        let server = try await HealthzServer(.late)
        defer { server.stop() }
        try await TestHosts.with(count: 1, names: ["rootcoord"]) { hosts in
            // No annotation: "服务验证" alone makes it a check (30 attempts, 2 s apart).
            let dir = try workspace(guide: Self.healthzGuide(port: server.port))
            let plan = try CLI.run(["plan", "guide.md", "-i", hosts.inventory.path], in: dir)
            #expect(plan.output.contains("retried up to 30× every 2s"), "\(plan.output)")

            let result = try Self.run(dir, hosts)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("rootcoord: attempt 1/30 not yet: HTTP status 503"), "\(result.output)")
            let journal = try journalRecords(dir)
            let verdicts = Self.records(journal, "verify", step: "1.3/1").map { $0["verdict"] as? String ?? "?" }
            #expect(verdicts.count >= 2, "\(result.output)")
            #expect(verdicts.last == "pass" && verdicts.dropLast().allSatisfy { $0 == "fail" }, "\(verdicts)")
            let end = try #require(Self.records(journal, "step-end", step: "1.3/1").first)
            #expect(end["status"] as? String == "ok")
            #expect(end["attempts"] as? Int == verdicts.count)
            // The pair's line says how many attempts it took.
            let pairLine = result.output.split(separator: "\n").first { $0.contains("✓ rootcoord") }
            #expect(pairLine?.contains(" ok ") == true && pairLine?.contains("\(verdicts.count) attempts") == true, "\(result.output)")
            #expect(try CLI.recap(result.output).contains("rootcoord ok"))
        }
    }

    // MARK: - docker stack deploy (issue 4, item 3)

    @Test("`docker stack deploy` printing its 4 services in another order passes against the documented order")
    func deployShuffledPasses() async throws {
        try await TestHosts.with(count: 1, names: ["10.0.0.1"]) { hosts in
            let order = ["querycoord", "indexcoord", "rootcoord", "datacoord"]
            try Self.fakeTool("docker", on: hosts.hosts[0],
                              printing: order.map { "Creating service milvus_\($0)" }.joined(separator: "\n"))
            let dir = try workspace(guide: Self.deployGuide)
            let result = try Self.run(dir, hosts)
            #expect(result.status == 0, "\(result.output)")
            let journal = try journalRecords(dir)
            #expect(Self.records(journal, "verify", step: "1.2/1").map { $0["verdict"] as? String } == ["pass"], "\(result.output)")
            #expect(try CLI.recap(result.output).contains("10.0.0.1 ok"))
            // The host really printed them out of documented order.
            let logs = dir.appending(path: "logs")
            let run = try #require(try FileManager.default.contentsOfDirectory(atPath: logs.path).first { !$0.hasPrefix(".") })
            let log = try String(contentsOf: logs.appending(path: "\(run)/out/1.2_1@10.0.0.1.log"), encoding: .utf8)
            let printed = log.split(separator: "\n").map(String.init).filter { $0.hasPrefix("Creating service") }
            #expect(printed == order.map { "Creating service milvus_\($0)" }, "\(log)")
        }
    }

    @Test("`docker stack deploy` missing a service fails, and the output names the missing service")
    func deployMissingServiceFails() async throws {
        try await TestHosts.with(count: 1, names: ["10.0.0.1"]) { hosts in
            try Self.fakeTool("docker", on: hosts.hosts[0], printing: """
            Creating service milvus_querycoord
            Creating service milvus_rootcoord
            Creating service milvus_datacoord
            """)
            let dir = try workspace(guide: Self.deployGuide)
            let result = try Self.run(dir, hosts)
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("- Creating service milvus_indexcoord"), "\(result.output)")
            #expect(result.output.contains("missing (unordered group): \"Creating service milvus_indexcoord\""), "\(result.output)")
            // Only the missing one is blamed.
            for present in ["querycoord", "rootcoord", "datacoord"] {
                #expect(!result.output.contains("- Creating service milvus_\(present)"), "\(result.output)")
            }
            let journal = try journalRecords(dir)
            #expect(Self.records(journal, "verify", step: "1.2/1").first?["verdict"] as? String == "fail")
            #expect(try CLI.recap(result.output).contains("10.0.0.1 failed"))
        }
    }

    // MARK: - etcdctl and kubectl (issue 4, item 4)

    static let etcdToday = "127.0.0.1:2379 is healthy: successfully committed proposal: took = 11.873ms"

    @Test("etcdctl health and a kubectl nodes table pass with today's durations, ages and column widths")
    func clusterChecksPass() async throws {
        try await TestHosts.with(count: 1, names: ["10.0.0.1"]) { hosts in
            try Self.fakeTool("etcdctl", on: hosts.hosts[0], printing: Self.etcdToday)
            try Self.fakeTool("kubectl", on: hosts.hosts[0], printing: """
            NAME          STATUS   ROLES           AGE     VERSION
            k8s-master1   Ready    control-plane   3m12s   v1.27.4
            k8s-worker1   Ready    <none>          2m5s    v1.27.4
            """)
            let dir = try workspace(guide: Self.clusterGuide)
            let result = try Self.run(dir, hosts)
            #expect(result.status == 0, "\(result.output)")
            let journal = try journalRecords(dir)
            // One verification per transcript command, both PASS (not drift).
            #expect(Self.records(journal, "verify", step: "2/1").map { $0["verdict"] as? String } == ["pass", "pass"], "\(result.output)")
            let end = Self.records(journal, "step-end", step: "2/1").first
            #expect(end?["status"] as? String == "ok" && end?["verdict"] as? String == "pass")
            #expect(!result.output.contains("DRIFT") && !result.output.contains("drift"), "\(result.output)")
        }
    }

    @Test("a node whose STATUS went Ready → NotReady fails, naming the node and both values")
    func nodeNotReadyFails() async throws {
        try await TestHosts.with(count: 1, names: ["10.0.0.1"]) { hosts in
            try Self.fakeTool("etcdctl", on: hosts.hosts[0], printing: Self.etcdToday)
            try Self.fakeTool("kubectl", on: hosts.hosts[0], printing: """
            NAME          STATUS     ROLES           AGE     VERSION
            k8s-master1   Ready      control-plane   3m12s   v1.27.4
            k8s-worker1   NotReady   <none>          2m5s    v1.27.4
            """)
            let dir = try workspace(guide: Self.clusterGuide)
            let result = try Self.run(dir, hosts)
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("table row NAME k8s-worker1: STATUS was \"Ready\", got \"NotReady\""), "\(result.output)")
            #expect(!result.output.contains("k8s-master1: STATUS"), "\(result.output)")
            let journal = try journalRecords(dir)
            // etcdctl still passed; the table is what failed.
            #expect(Self.records(journal, "verify", step: "2/1").map { $0["verdict"] as? String } == ["pass", "fail"], "\(result.output)")
            #expect(try CLI.recap(result.output).contains("10.0.0.1 failed"))
        }
    }

    // MARK: - DRIFT (issue 4, item 5)

    @Test("a version change is DRIFT: a warning by default (exit 0, the run goes on), a failure with --strict (exit 1)")
    func driftWarnsUnlessStrict() async throws {
        try await TestHosts.with(count: 1, names: ["10.0.0.1"]) { hosts in
            try Self.fakeTool("etcdctl", on: hosts.hosts[0], printing: "etcdctl version: 3.5.9\nAPI version: 3.5")
            let marker = hosts.hosts[0].mntData.appending(path: "after-version")

            let lenient = try workspace(guide: Self.versionGuide)
            let warned = try Self.run(lenient, hosts)
            #expect(warned.status == 0, "\(warned.output)")
            #expect(warned.output.contains("≈ DRIFT"), "\(warned.output)")
            #expect(warned.output.contains("\"etcdctl version: 3.5.5\" → \"etcdctl version: 3.5.9\""), "\(warned.output)")
            let warnedRecap = try CLI.recap(warned.output)
            #expect(warnedRecap.contains("10.0.0.1 drift") && warnedRecap.contains("1 drift") && warnedRecap.contains("→ exit 0"),
                    "\(warnedRecap)")
            #expect(FileManager.default.fileExists(atPath: marker.path), "the step after the drift did not run")
            var journal = try journalRecords(lenient)
            #expect(Self.records(journal, "verify", step: "2/1").first?["verdict"] as? String == "drift")
            #expect(Self.records(journal, "step-end", step: "2/1").first?["status"] as? String == "drift")

            try FileManager.default.removeItem(at: marker)
            let strict = try workspace(guide: Self.versionGuide)
            let failed = try Self.run(strict, hosts, ["--strict"])
            #expect(failed.status == 1, "\(failed.output)")
            #expect(failed.output.contains("strict: drift counts as failure"), "\(failed.output)")
            let failedRecap = try CLI.recap(failed.output)
            #expect(failedRecap.contains("10.0.0.1 failed") && failedRecap.contains("→ exit 1"), "\(failedRecap)")
            #expect(!FileManager.default.fileExists(atPath: marker.path), "the run went on after a strict failure")
            journal = try journalRecords(strict)
            #expect(Self.records(journal, "verify", step: "2/1").first?["verdict"] as? String == "fail")
            #expect(Self.records(journal, "step-end", step: "2/1").first?["status"] as? String == "failed")
        }
    }
}
