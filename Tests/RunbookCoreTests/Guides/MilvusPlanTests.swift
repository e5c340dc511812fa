import Foundation
import Testing
import TestSupport
@testable import RunbookCore

/// The reference guide, read from runbooks/milvus.md as shipped.
let milvusPath = Checkout.runbook("milvus.md")

func milvus(fileExists: @escaping @Sendable (String) -> Bool = { _ in false }) throws -> Runbook {
    let data = try #require(FileManager.default.contents(atPath: milvusPath))
    return RunbookBuilder.build(path: "runbooks/milvus.md", bytes: [UInt8](data), context: GuideContext(fileExists: fileExists))
}

@Suite("runbooks/milvus.md → plan")
struct MilvusPlanTests {
    @Test("the two tables give the 11 hosts with their roles, never run")
    func inventory() throws {
        let runbook = try milvus()
        #expect(runbook.inventory.count == 11)
        let roles = Dictionary(uniqueKeysWithValues: runbook.inventory.map { ($0.address, $0.role) })
        #expect(roles["29.16.21.73"] == "coord" && roles["29.16.21.74"] == "coord")
        #expect((64...68).map { roles["29.16.21.\($0)"] } == (1...5).map { "query\($0)" })
        #expect((69...72).map { roles["29.16.21.\($0)"] } == (1...4).map { "index\($0)" })
        #expect(runbook.inventory.first { $0.address == "29.16.21.73" }?.line == 104)
        let tables = runbook.steps.filter { $0.kind == .inventory }
        #expect(tables.map(\.line) == [100, 168])
        #expect(tables.allSatisfy { $0.commands.isEmpty && !$0.runs })
    }

    @Test("each step gets exactly the guide's hosts", arguments: [
        (112, ["29.16.21.73", "29.16.21.74"]),
        (124, ["29.16.21.80"]),
        (191, ["29.16.21.69", "29.16.21.70", "29.16.21.71", "29.16.21.72"]),
        (210, ["29.16.21.64", "29.16.21.65", "29.16.21.66", "29.16.21.67", "29.16.21.68"]),
        (247, ["29.16.21.80"]),
        (296, ["29.16.21.80", "29.16.21.81", "29.16.21.82"]),
        (313, ["29.16.21.80"]),
        (320, ["local"]),
    ])
    func hosts(line: Int, hosts: [String]) throws {
        let step = try #require(try milvus().steps.first { $0.line == line })
        #expect(step.hosts == hosts)
    }

    @Test("line 124's host comes from the prose “上传到80节点”")
    func shorthand() throws {
        let step = try #require(try milvus().steps.first { $0.line == 124 })
        #expect(step.hostSource == .prose)
        #expect(step.hostTags.contains { $0.source == .prose && $0.evidence == "80节点" && $0.line == 123 })
    }

    @Test("block split by 在X上执行 comments yields one segment per host")
    func segments() throws {
        let step = try #require(try milvus().steps.first { $0.line == 112 })
        #expect(step.kind == .script && step.hostSource == .comment)
        #expect(step.commands.map(\.host) == ["29.16.21.73", "29.16.21.74"])
        #expect(step.commands.map(\.line) == [114, 117])
        #expect(step.commands.allSatisfy { $0.text == "mkdir -p /mnt/data/milvus/system-logs" })
        #expect(step.hostTags.contains { $0.source == .prose && $0.line == 111 && $0.evidence == "29.16.21.73~29.16.21.74" })
    }

    @Test("transcripts strip prompts and keep documented output", arguments: [124, 134, 247, 265, 313])
    func transcripts(line: Int) throws {
        let step = try #require(try milvus().steps.first { $0.line == line })
        #expect(step.kind == .transcript)
        #expect(!step.commands.isEmpty)
        for command in step.commands {
            #expect(!command.text.contains("#") && !command.text.contains("$ "))
            #expect(!command.expect.isEmpty)
        }
    }

    @Test("line 134: four curl -i commands, each expecting HTTP/1.1 200 OK first")
    func healthChecks() throws {
        let step = try #require(try milvus().steps.first { $0.line == 134 })
        #expect(step.commands.count == 4)
        #expect(step.commands.allSatisfy { $0.text == "curl -i http://localhost:9091/healthz" && $0.expect.first == "HTTP/1.1 200 OK" })
        #expect(step.commands.map(\.host) == ["rootcoord", "datacoord", "querycoord", "indexcoord"])
        #expect(step.verify.attempts > 1 && step.verify.retryReason != nil)
    }

    @Test("the yaml at line 8 is a file step, the python at 320 a python step")
    func fileAndPython() throws {
        let runbook = try milvus()
        let yaml = try #require(runbook.steps.first { $0.line == 8 })
        #expect(yaml.kind == .file && yaml.commands.isEmpty && !yaml.runs)
        #expect(yaml.file?.content.contains("secretAccessKey: minioadmin") == true)
        let python = try #require(runbook.steps.first { $0.line == 320 })
        #expect(python.kind == .python && python.commands.first?.text.hasPrefix("from pymilvus import connections") == true)
    }

    @Test("diagnostics: host-conflict at 233, file-mismatch at 313, nothing spurious")
    func diagnostics() throws {
        let runbook = try milvus(fileExists: { _ in true })
        let conflict = try #require(runbook.diagnostics.first { $0.code == .hostConflict })
        #expect(conflict.severity == .error && conflict.line == 233)
        #expect(conflict.message.contains("29.16.21.73~29.16.21.74") && conflict.message.contains("29.16.21.64") && conflict.message.contains("29.16.21.65"))
        let mismatch = try #require(runbook.diagnostics.first { $0.code == .fileMismatch })
        #expect(mismatch.severity == .warning && mismatch.line == 313)
        #expect(mismatch.message.contains("etcd-proxy.yaml") && mismatch.message.contains("milvus-proxy.yaml"))
        #expect(runbook.diagnostics.filter { $0.severity == .error }.count == 1)
        // Notes: prompt hosts the tables do not list, and the upload to “3个管理节点” that names no hosts.
        #expect(Set(runbook.diagnostics.map(\.code.rawValue)) == ["host-conflict", "file-mismatch", "unresolved-host", "unresolved-upload"])
        #expect(runbook.diagnostics.filter { $0.code == .unresolvedHost }.map(\.line) == [135, 141, 148, 155, 272])
    }

    @Test("linked files runbooks/ does not ship are missing-file: warnings, errors where an upload needs them")
    func missingFiles() throws {
        let runbook = try milvus(fileExists: { _ in false })
        let missing = runbook.diagnostics.filter { $0.code == .missingFile }
        #expect(missing.filter { $0.severity == .warning }.map(\.line) == [94, 123, 245, 311])
        #expect(missing.filter { $0.severity == .error }.map(\.line) == [123, 123, 245, 245, 311])
    }

    @Test("upload sentences become upload steps where they stand, with hosts and destination from the prose")
    func uploads() throws {
        let runbook = try milvus(fileExists: { _ in true })
        let uploads = runbook.steps.filter { $0.kind == .upload }
        #expect(uploads.map(\.line) == [123, 123, 245, 245, 311])
        #expect(uploads[0].hosts == ["29.16.21.73", "29.16.21.74"])
        #expect(uploads[0].file?.destination == "/home/dcos/milvus.yaml" && uploads[0].file?.source == "./conf/milvus/milvus.yaml")
        #expect(uploads[1].hosts == ["29.16.21.80"] && uploads[1].file?.source == "./yaml/milvus-coord.yaml")
        #expect(uploads[2].hosts == (64...74).map { "29.16.21.\($0)" })
        #expect(uploads[2].hostTags.first?.evidence.hasPrefix("上述11个节点") == true)
        // The upload precedes the command that deploys it.
        let coordDeploy = try #require(runbook.steps.firstIndex { $0.line == 124 })
        #expect(runbook.steps.firstIndex { $0.id == uploads[1].id }! < coordDeploy)
        let unresolved = try #require(runbook.steps.first { $0.line == 292 })
        #expect(unresolved.kind == .skipped && unresolved.note?.contains("milvus.yaml") == true)
    }

    @Test("step ids are section number + ordinal and stay put when another section changes")
    func stableIDs() throws {
        let runbook = try milvus()
        #expect(runbook.steps.first { $0.line == 112 }?.id == "1.1/1")
        #expect(runbook.steps.first { $0.line == 233 }?.id == "2.1/3")
        let data = try #require(FileManager.default.contents(atPath: milvusPath))
        let edited = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "## 0. 配置文件准备\n", with: "## 0. 配置文件准备\n\n```bash\necho extra\n```\n")
        let other = RunbookBuilder.build(path: "x.md", bytes: Array(edited.utf8))
        let before = Dictionary(uniqueKeysWithValues: runbook.steps.map { ($0.id, $0.contentHash) })
        let after = Dictionary(uniqueKeysWithValues: other.steps.map { ($0.id, $0.contentHash) })
        #expect(before["1.1/1"] == after["1.1/1"] && before["3.2/1"] == after["3.2/1"])
        #expect(before["0/1"] != after["0/1"])
    }

    @Test("the JSON plan carries the SPEC section 4 contract")
    func json() throws {
        let text = PlanJSON.render(Planner.plan(try milvus()))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["runbook"] as? String == "runbooks/milvus.md")
        #expect((object["sha256"] as? String)?.count == 64)
        let steps = try #require(object["steps"] as? [[String: Any]])
        let first = try #require(steps.first { $0["line"] as? Int == 112 })
        #expect(first["id"] as? String == "1.1/1" && first["kind"] as? String == "script" && first["host_source"] as? String == "comment")
        let commands = try #require(first["commands"] as? [[String: Any]])
        #expect(commands.first?["line"] as? Int == 114 && commands.first?["host"] as? String == "29.16.21.73")
        #expect(commands.first?["text"] as? String == "mkdir -p /mnt/data/milvus/system-logs")
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["code"] as? String == "host-conflict" && $0["line"] as? Int == 233 && $0["hint"] is String })
    }
}
