/// An inventory file skeleton naming every host a guide uses, each with its provenance as a comment.
public enum InventorySkeleton {
    /// YAML text; every `ssh:` is a deliberate placeholder that `run` rejects until it is filled in.
    public static func render(_ runbook: Runbook) -> String {
        var out = """
        # Inventory skeleton for \(runbook.path) (runbook inventory).
        # runbook contacts only the hosts bound here. Replace every TODO with how the host is reached:
        #   ssh: "user@address[:port]"   or   on: HOST, wrap: "docker exec -i CONTAINER sh"   or   local: true
        defaults: { user: root, ssh_options: ["-o", "ConnectTimeout=10"] }
        hosts:

        """
        for host in runbook.hosts where host != "local" {
            let table = runbook.inventory.first { $0.address == host || $0.name == host }
            var why: [String] = []
            if let table { why.append("\(table.name)\(table.role.isEmpty ? "" : " (\(table.role))") table L\(table.line)") }
            for step in runbook.steps where step.hosts.contains(host) {
                let tag = step.hostTags.first { $0.host == host && $0.source == step.hostSource } ?? step.hostTags.first { $0.host == host }
                why.append("step \(step.id) L\(step.line)" + (tag.map { " \($0.source.rawValue) L\($0.line)" } ?? ""))
            }
            let binding = InventoryTable.isIPv4(host)
                ? "{ ssh: \"TODO user@\(host)\" }"
                : "{ on: \"TODO host\", wrap: \"TODO docker exec -i CONTAINER sh\" }"
            out += "  \(yamlKey(host)): \(binding)   # " + why.joined(separator: "; ") + "\n"
        }
        if runbook.hosts.contains("local") {
            out += "  local: { local: true }   # the control machine: " +
                runbook.steps.filter { $0.hosts.contains("local") }.map { "step \($0.id) L\($0.line)" }.joined(separator: "; ") + "\n"
        }
        let open = runbook.steps.filter { $0.hostSource == .unresolved && ($0.runs || $0.file?.destination != nil) }
        if !open.isEmpty {
            out += "# groups: names for the machines the guide speaks of without naming them (each HOST bound under hosts:)\n"
            for step in open {
                let said = step.hostTags.first { $0.source == .unresolved }?.evidence ?? "nothing says where"
                out += "# step \(step.id) L\(step.line) has no host (“\(said)”): bind it with groups: { NAME: [HOST, …] }\n"
            }
        }
        out += "secrets: []   # extra values to mask in logs, journal and reports\n"
        return out
    }

    private static func yamlKey(_ key: String) -> String {
        key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } ? key : "\"\(key)\""
    }
}
