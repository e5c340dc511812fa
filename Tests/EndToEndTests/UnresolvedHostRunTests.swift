import Foundation
import RunbookCore
import RunbookRuntime
import Testing
import TestSupport

/// A step whose hosts the guide leaves open ("On each web node") is never run on the control
/// machine: `run` refuses it (exit 3, no connection) until the inventory's `groups:` binds the
/// scope word, then runs it on the group's hosts. Loopback sshd hosts only.
@Suite("run and scopes the guide leaves open", .serialized)
struct UnresolvedHostRunTests {
    static let guide = """
    # Markers

    ## 1. Write

    On each web node, write a marker:

    ```bash
    echo "web $RUNBOOK_TEST_HOST" >> /mnt/data/markers
    ```
    """

    @Test("without an inventory group the step is refused, exit 3, nothing contacted; with `groups: { web: [h1, h2] }` it runs on both")
    func refusedThenBound() async throws {
        try await TestHosts.with(count: 2) { hosts in
            let dir = try workspace(guide: Self.guide)
            defer { try? FileManager.default.removeItem(at: dir) }

            let bare = try CLI.run(["run", "guide.md", "--yes"], in: dir)
            #expect(bare.status == 3, "\(bare.output)")
            #expect(bare.output.hasPrefix("guide.md:7: error: [unresolved-host] step 1/1 has no host (On each web node), and no inventory was given\n"), "\(bare.output)")
            #expect(bare.output.hasSuffix("runbook: refused: the guide does not say which machines a step runs on; bind them with the inventory's groups: or an annotation. No connection was opened.\n"))

            let inventory = try String(contentsOf: hosts.inventory, encoding: .utf8)
            let unbound = try CLI.run(["run", "guide.md", "-i", hosts.inventory.path, "--yes"], in: dir)
            #expect(unbound.status == 3, "\(unbound.output)")
            #expect(unbound.output.contains("[unresolved-host] step 1/1 has no host (On each web node), and the inventory \(hosts.inventory.path) binds no group for it"))
            #expect(!FileManager.default.fileExists(atPath: dir.appending(path: "logs").path), "no run was started")
            for host in hosts.hosts { #expect(try host.authenticatedConnections() == 0, "\(host.name) was not contacted") }

            let grouped = hosts.directory.appending(path: "grouped.yaml")
            try (inventory + "groups:\n  web: [h1, h2]\n").write(to: grouped, atomically: true, encoding: .utf8)
            let review = try CLI.run(["plan", "guide.md", "-i", grouped.path], in: dir)
            #expect(review.status == 0, "\(review.output)")
            #expect(review.output.contains("1/1  L7  bash script on h1, h2 (prose)"), "\(review.output)")
            #expect(review.output.contains("host h1               prose L5  “On each web node → inventory group web”"), "\(review.output)")
            #expect(review.output.contains("  group web → h1, h2  (L"), "plan -i lists the group: \(review.output)")

            let ran = try CLI.run(["run", "guide.md", "-i", grouped.path, "--yes"], in: dir)
            #expect(ran.status == 0, "\(ran.output)")
            for host in hosts.hosts {
                let markers = try String(contentsOf: host.mntData.appending(path: "markers"), encoding: .utf8)
                #expect(markers == "web \(host.name)\n")
            }
        }
    }

    @Test("a group naming a host the inventory does not bind is a usage error (exit 2) naming its line")
    func groupOfUnboundHost() throws {
        let dir = try workspace(guide: Self.guide)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "hosts:\n  web-1: { ssh: \"nobody@127.0.0.1:1\" }\ngroups:\n  web: [web-1, web-2]\n"
            .write(to: dir.appending(path: "hosts.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["plan", "guide.md", "-i", "hosts.yaml"], in: dir)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.hasPrefix("runbook: error: hosts.yaml:4: group `web` names `web-2`, which the inventory does not bind\n"), "\(result.output)")
    }

    @Test("plan without an inventory only warns: the step is shown without a host, exit 0")
    func planWarns() throws {
        let dir = try workspace(guide: Self.guide)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["plan", "guide.md"], in: dir)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("1/1  L7  bash script on ? (unresolved)"), "\(result.output)")
        #expect(result.output.contains("  warning guide.md:7 [unresolved-host]"), "\(result.output)")
        let skeleton = try CLI.run(["inventory", "guide.md"], in: dir)
        #expect(skeleton.output.contains("# step 1/1 L7 has no host (“On each web node”): bind it with groups: { NAME: [HOST, …] }"), "\(skeleton.output)")
    }
}
