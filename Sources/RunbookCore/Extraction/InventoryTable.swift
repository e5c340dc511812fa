/// Reads host tables: ASCII tables in code blocks and GFM pipe tables in paragraphs.
///
/// A table counts as an inventory when its header names a host column and an address column,
/// in English or Chinese (`hostname ip role`, `主机名 IP地址 角色`).
public enum InventoryTable {
    private static let nameHeaders: Set<String> = ["hostname", "host", "name", "node", "主机名", "主机", "节点", "名称", "服务器"]
    private static let addressHeaders: Set<String> = ["ip", "address", "ip address", "ipaddress", "addr", "ip地址", "地址", "内网ip", "ip address (private)"]
    private static let roleHeaders: Set<String> = ["role", "roles", "角色", "用途", "组件", "service", "services", "服务"]

    /// Hosts from an ASCII table inside a code block body; nil when the body is not a host table.
    /// `firstLine` is the source line of the body's first line.
    public static func parseASCII(_ body: String, firstLine: Int) -> [InventoryHost]? {
        // Cheap test first: every ASCII table has a rule of five or more = or - characters.
        guard body.utf8.count < 1 << 20, hasRuleRun(body) else { return nil }
        let lines = body.linesAtNewlines
        guard lines.contains(where: isRule) else { return nil }
        guard let headerIndex = lines.firstIndex(where: { !isRule($0) && !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        let header = lines[headerIndex].split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        guard let columns = columns(for: header) else { return nil }
        var hosts: [InventoryHost] = []
        for (offset, line) in lines.enumerated() where offset > headerIndex && !isRule(line) {
            let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let host = host(from: fields, columns, line: firstLine + offset) else {
                if fields.isEmpty { continue }
                return nil   // a row that is not a host: this is not an inventory table
            }
            hosts.append(host)
        }
        return hosts.isEmpty ? nil : hosts
    }

    /// Hosts from a GFM pipe table (`| 主机名 | IP地址 | 角色 |`); `lines` are the raw source lines of
    /// a paragraph starting at `firstLine`. Nil when it is not a host table.
    public static func parsePipe(_ lines: [Substring], firstLine: Int) -> [InventoryHost]? {
        guard lines.count >= 3, lines[0].contains("|"), isPipeSeparator(lines[1]) else { return nil }
        let header = cells(lines[0]).map { $0.lowercased() }
        guard let columns = columns(for: header) else { return nil }
        var hosts: [InventoryHost] = []
        for (offset, line) in lines.enumerated().dropFirst(2) {
            guard let host = host(from: cells(line), columns, line: firstLine + offset) else { return nil }
            hosts.append(host)
        }
        return hosts.isEmpty ? nil : hosts
    }

    private typealias Columns = (name: Int, address: Int, role: Int?)

    private static func columns(for header: [String]) -> Columns? {
        guard let address = header.firstIndex(where: addressHeaders.contains) else { return nil }
        let name = header.firstIndex(where: nameHeaders.contains)
        let role = header.firstIndex(where: roleHeaders.contains)
        return (name ?? address, address, role)
    }

    private static func host(from fields: [String], _ columns: Columns, line: Int) -> InventoryHost? {
        guard columns.address < fields.count, isIPv4(fields[columns.address]) else { return nil }
        let name = columns.name < fields.count ? fields[columns.name] : fields[columns.address]
        let role = columns.role.flatMap { $0 < fields.count ? fields[$0] : nil } ?? ""
        return InventoryHost(name: name, address: fields[columns.address], role: role, line: line)
    }

    private static func cells(_ line: Substring) -> [String] {
        var text = line.trimmingSpaces()
        if text.hasPrefix("|") { text.removeFirst() }
        if text.hasSuffix("|") { text.removeLast() }
        return text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
    }

    private static func isPipeSeparator(_ line: Substring) -> Bool {
        let text = line.trimmingSpaces()
        return text.contains("-") && text.allSatisfy { "|-: ".contains($0) }
    }

    /// True when the body has five `=` or `-` in a row (read by `RuleRunProbe`, FastPaths: this runs
    /// on every code block of a guide).
    static func hasRuleRun(_ body: String) -> Bool { RuleRunProbe.occurs(in: body) }

    private static func isRule(_ line: Substring) -> Bool {
        let text = line.trimmingSpaces()
        guard text.count >= 5, let first = text.first, "=-+*".contains(first) else { return false }
        return text.allSatisfy { "=-+*| ".contains($0) }
    }

    /// True for a dotted-quad IPv4 address.
    public static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { $0.count <= 3 && !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0).map { $0 <= 255 } == true }
    }
}
