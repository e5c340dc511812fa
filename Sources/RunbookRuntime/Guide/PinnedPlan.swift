import Foundation
import RunbookCore

/// A reviewed plan pinned to the exact bytes it was made from (`plan -o plan.json`), so that
/// `run --plan plan.json` runs exactly that plan or refuses, saying what changed.
public enum PinnedPlan {
    /// The plan JSON with a `pinned` object: hashes of the guide, the inventory and every uploaded file.
    public static func render(_ plan: Plan, guideFolder: URL) -> String {
        let runbook = plan.runbook, inventory = plan.inventory
        return PlanJSON.render(plan) { json in
            json.object("pinned") { json in
                json.field("runbook", runbook.path)
                json.field("runbook_sha256", runbook.sha256)
                json.field("inventory", inventory?.path)
                json.field("inventory_sha256", inventory?.sha256)
                json.array("files") { json in
                    for (path, hash) in uploadHashes(runbook, guideFolder: guideFolder) {
                        json.object { json in
                            json.field("path", path)
                            json.field("sha256", hash)
                        }
                    }
                }
            }
        }
    }

    /// The pinned facts of a plan file.
    public struct Pin: Sendable {
        public var runbook: String
        public var runbookSHA256: String
        public var inventory: String?
        public var inventorySHA256: String?
        public var files: [(path: String, sha256: String)]
    }

    /// Reads the `pinned` object of a plan file (exit 2 when it is not one).
    public static func read(_ path: String) throws -> Pin {
        let bytes = try GuideLoader.readFile(path, what: "plan")
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let pinned = object["pinned"] as? [String: Any],
              let runbook = pinned["runbook"] as? String, let sha = pinned["runbook_sha256"] as? String else {
            throw InputError("\(path) is not a pinned plan", hint: "make one with `runbook plan GUIDE -i INVENTORY -o \(path)`")
        }
        let files = (pinned["files"] as? [[String: Any]] ?? []).compactMap { entry -> (String, String)? in
            guard let p = entry["path"] as? String, let h = entry["sha256"] as? String else { return nil }
            return (p, h)
        }
        return Pin(runbook: runbook, runbookSHA256: sha, inventory: pinned["inventory"] as? String,
                   inventorySHA256: pinned["inventory_sha256"] as? String, files: files)
    }

    /// What changed since the plan was pinned; empty when the run may go ahead.
    public static func changes(since pin: Pin, runbook: Runbook, inventory: Inventory?, guideFolder: URL) -> [String] {
        var changes: [String] = []
        if runbook.sha256 != pin.runbookSHA256 { changes.append("the guide \(pin.runbook) changed (sha256 \(runbook.sha256.prefix(12)) ≠ pinned \(pin.runbookSHA256.prefix(12)))") }
        if let pinned = pin.inventorySHA256, inventory?.sha256 != pinned {
            changes.append("the inventory \(pin.inventory ?? "?") changed (sha256 \(inventory?.sha256.prefix(12) ?? "none") ≠ pinned \(pinned.prefix(12)))")
        }
        let now = Dictionary(uniqueKeysWithValues: uploadHashes(runbook, guideFolder: guideFolder).map { ($0.path, $0.sha256) })
        for (path, hash) in pin.files where now[path] != hash {
            changes.append("the uploaded file \(path) changed (sha256 \(now[path].map { String($0.prefix(12)) } ?? "missing") ≠ pinned \(hash.prefix(12)))")
        }
        return changes
    }

    private static func uploadHashes(_ runbook: Runbook, guideFolder: URL) -> [(path: String, sha256: String)] {
        var seen = Set<String>()
        return runbook.steps.compactMap { $0.file?.source }.filter { seen.insert($0).inserted }.map { source in
            let bytes = FileManager.default.contents(atPath: guideFolder.appendingPathComponent(source).path).map { [UInt8]($0) }
            return (source, bytes.map(GuideHash.sha256) ?? "missing")
        }
    }
}
