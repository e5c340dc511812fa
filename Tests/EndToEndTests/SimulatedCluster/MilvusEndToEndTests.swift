import Foundation
import RunbookCore
import Testing
import TestSupport

/// runbooks/milvus.md's corrected copy, run for real on the simulated cluster (scripts/milvus-sim):
/// 14 loopback sshd hosts named by the guide's addresses, a stub docker, and milvus-lite.
@Suite("the Milvus guide end to end on the simulated cluster", .serialized)
struct MilvusEndToEndTests {
    static let root = CLI.packageRoot

    /// Expected directories under /mnt/data/milvus per guide host, from the corrected guide's mkdirs.
    static func expectedDirectories(_ host: String) -> Set<String> {
        let octet = Int(host.split(separator: ".").last!)!
        switch octet {
        case 64...68: return ["query-node", "query-node/data", "system-logs"]
        case 69...72: return ["index-node", "index-node/data", "system-logs"]
        case 73, 74: return ["system-logs", "data-node", "data-node/data"]
        case 80...82: return ["proxy-node", "proxy-node/access-logs", "system-logs"]
        default: return []
        }
    }

    @Test("the corrected guide runs; broken at line 313 it fails there, and a resume after the fix runs only what is left")
    func milvus() async throws {
        let sim = URL(filePath: "/tmp/rbm-\(UUID().uuidString.prefix(6).lowercased())")
        let cluster = Self.root.appending(path: "scripts/milvus-sim/cluster.sh").path
        defer {
            _ = Probe.spawnAndWait([cluster, "stop", sim.path], output: "/dev/null")
            try? FileManager.default.removeItem(at: sim)
        }
        let startLog = sim.path + ".start.log"
        let started = Probe.spawnAndWait([cluster, "start", sim.path], output: startLog)
        try #require(started == 0, "cluster start failed: \((try? String(contentsOfFile: startLog, encoding: .utf8)) ?? "")")
        let inventory = sim.appending(path: "milvus.hosts.yaml").path

        // A workspace with the guide's files; the guide broken as the original is at line 313.
        let work = try workspace(guide: "")
        for item in ["conf", "yaml"] {
            try FileManager.default.copyItem(at: Self.root.appending(path: "runbooks/\(item)"), to: work.appending(path: item))
        }
        let corrected = try String(contentsOf: Self.root.appending(path: "runbooks/milvus.corrected.md"), encoding: .utf8)
        let broken = corrected.replacingOccurrences(of: "--compose-file  milvus-proxy.yaml milvus", with: "--compose-file  etcd-proxy.yaml milvus")
        #expect(broken != corrected)
        try broken.write(to: work.appending(path: "milvus.md"), atomically: true, encoding: .utf8)
        let venv = sim.appending(path: "milvus-lite/venv/bin").path
        let env = ["PATH": venv + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]

        let failed = try CLI.run(["run", "milvus.md", "-i", inventory, "--yes"], in: work, environment: env)
        #expect(failed.status == 1, "\(failed.output)")
        // The failure names the deploy command's own line (the original's 314; one more here, after the annotation).
        let deployLine = try #require(broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("etcd-proxy.yaml milvus") }) + 1
        #expect(failed.output.contains("milvus.md:\(deployLine) ") && failed.output.contains("etcd-proxy.yaml: no such file or directory"))
        let firstRecap = try CLI.recap(failed.output)
        #expect(firstRecap.contains("3.2/2    L314  29.16.21.80 failed"))
        #expect(firstRecap.contains("3.3/1    L321  local skipped"))
        #expect(!firstRecap.contains("unreachable") && firstRecap.contains(", 1 failed, "))

        // Fix the guide and resume: only the failed deploy and what follows it run.
        try corrected.write(to: work.appending(path: "milvus.md"), atomically: true, encoding: .utf8)
        let resumed = try CLI.run(["run", "milvus.md", "-i", inventory, "--yes", "--resume"], in: work, environment: env)
        #expect(resumed.status == 0, "\(resumed.output)")
        let recap = try CLI.recap(resumed.output)
        let ran = recap.split(separator: "\n").filter { $0.contains(" ok ") }.map { String($0.split(separator: " ")[0]) }
        #expect(ran == ["3.2/2", "3.3/1"], "\(recap)")
        #expect(resumed.output.contains("failed or interrupted (run again): 3.2/2@29.16.21.80"))

        // Every mkdir landed on exactly the hosts the guide names, and milvus.yaml on all 14 hosts.
        let hosts = try String(contentsOf: sim.appending(path: "hosts/inventory.yaml"), encoding: .utf8)
        for index in 1...14 {
            let hostDir = sim.appending(path: "hosts/h\(index)")
            let name = try String(contentsOf: hostDir.appending(path: "name"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(hosts.contains(name))
            let milvusDir = hostDir.appending(path: "root/mnt/data/milvus")
            let found = Set((FileManager.default.enumerator(atPath: milvusDir.path)?.allObjects as? [String]) ?? [])
            #expect(found == Self.expectedDirectories(name), "\(name)")
            #expect(FileManager.default.fileExists(atPath: hostDir.appending(path: "root/home/dcos/milvus.yaml").path), "\(name)")
        }

        // The Python client check ran against milvus-lite; nothing recorded holds the MinIO secret.
        let logs = work.appending(path: "logs")
        let runs = runDirectories(logs)
        let python = try String(contentsOf: logs.appending(path: "\(try #require(runs.last))/out/3.3_1@local.log"), encoding: .utf8)
        #expect(python.contains("True ['book'] None"))
        let report = try CLI.run(["report", "--html", logs.appending(path: "report.html").path], in: work)
        #expect(report.status == 0, "\(report.output)")
        let html = try String(contentsOf: logs.appending(path: "report.html"), encoding: .utf8)
        #expect(html.contains("secretAccessKey: ****") && html.contains("True ['book'] None"))
        let grep = try Probe.run(["grep", "-r", "-l", "minioadmin", logs.path])
        #expect(grep.status == 1 && grep.output.isEmpty, "\(grep.output)")
        for run in runs {
            let attributes = try FileManager.default.attributesOfItem(atPath: logs.appending(path: run).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o700)
            let journal = try FileManager.default.attributesOfItem(atPath: logs.appending(path: "\(run)/journal.jsonl").path)
            #expect((journal[.posixPermissions] as? Int) == 0o600)
            let audit = try CLI.run(["audit", "verify", run], in: work)
            #expect(audit.status == 0, "\(audit.output)")
        }
    }
}
