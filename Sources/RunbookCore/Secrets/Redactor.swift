import Foundation

/// Masks secrets (`****`): the inventory's `secrets:`, values of YAML keys named like passwords,
/// and the secrets the guide's commands write (ShellSecrets).
public struct Redactor: Sendable {
    /// Longest first (so a secret that contains another is masked whole), equal lengths in a fixed order.
    public var values: [String]

    public init(values: [String]) {
        self.values = Array(Set(values.filter { $0.count >= 3 })).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// The secrets of a run: the inventory's `secrets:` and password-like values in the guide's
    /// YAML blocks and uploaded YAML files.
    public init(runbook: Runbook, inventory: Inventory?) {
        var yaml: [String] = []
        var written: [String] = []
        runbook.steps.forEachInPlace { step in   // in place: a plan may have tens of thousands of steps
            // What the guide's own commands and files write as secrets (`export DB_PASSWORD=…`, `-p…`).
            step.commands.forEachInPlace { written += ShellSecrets.values(in: $0.text) }
            guard let file = step.file else { return }
            if file.source == nil { written += ShellSecrets.values(in: file.content) }
            let name = file.source ?? file.destination ?? ""
            if step.kind == .file || name.hasSuffix(".yaml") || name.hasSuffix(".yml") { yaml.append(file.content) }
        }
        // Values the inventory gives for secret-named vars (`DB_PASSWORD: …`) are secrets too.
        let vars = ([inventory?.vars ?? [:]] + (inventory?.hostVars.values.map { $0 } ?? [])).flatMap { $0 }
            .filter { SecretNames.isSecret($0.key) }.map(\.value)
        self.init(values: (inventory?.secrets ?? []) + vars + written + yaml.flatMap(Redactor.yamlSecrets))
    }

    /// Lowercased key names whose values are secrets; a key is one when it ends with one of them.
    private static let secretKeys = ["password", "passwd", "secret", "token", "accesskey", "secretaccesskey", "accesskeyid", "apikey", "api_key"]
    private static let secretKeyBytes = secretKeys.map { Array($0.utf8) }

    /// Values of keys named like password, secret, token, accessKey, secretAccessKey in YAML text.
    ///
    /// One pass over the bytes. A line is what `split(separator: "\n")` gives (a Character split, so
    /// `\r\n` does not end one); its key, before the first `:` and trimmed of spaces and tabs, matches
    /// case-insensitively; its value, after the `:`, is trimmed of spaces and tabs, cut at the first
    /// ` #`, trimmed of quotes, and kept when at least 3 characters long. Lines with non-ASCII bytes
    /// take the same steps by Foundation's Unicode rules.
    public static func yamlSecrets(in text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var found: [String] = []
            var start = 0
            while start < bytes.count {
                var end = start, colon: Int?, ascii = true
                while end < bytes.count {
                    let byte = bytes[end]
                    if byte == UInt8(ascii: "\n") { break }
                    if byte == UInt8(ascii: ":") { colon = colon ?? end } else if byte >= 0x80 { ascii = false }
                    end += 1
                }
                // A CRLF file's lines end in \r, which is not part of the value.
                let lineEnd = end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
                if let colon, colon < lineEnd {
                    let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
                    let secret = ascii ? asciiSecret(line, colon: colon - start) : secret(inLine: String(decoding: line, as: UTF8.self))
                    if let secret { found.append(secret) }
                }
                start = end + 1
            }
            return found
        }
    }

    /// The secret on an ASCII line whose first `:` is at `colon`, if its key is a secret key.
    private static func asciiSecret(_ line: UnsafeBufferPointer<UInt8>, colon: Int) -> String? {
        func blank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        func quote(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") }
        func lowercased(_ byte: UInt8) -> UInt8 { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte }
        var keyStart = 0, keyEnd = colon
        while keyStart < keyEnd && blank(line[keyStart]) { keyStart += 1 }
        while keyEnd > keyStart && blank(line[keyEnd - 1]) { keyEnd -= 1 }
        guard secretKeyBytes.contains(where: { name in
            name.count <= keyEnd - keyStart && name.indices.allSatisfy { lowercased(line[keyEnd - name.count + $0]) == name[$0] }
        }) else { return nil }
        var valueStart = colon + 1, valueEnd = line.count
        while valueStart < valueEnd && blank(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart && blank(line[valueEnd - 1]) { valueEnd -= 1 }
        // A comment starts at a # after a blank; the blanks before it are not part of the value.
        if let comment = (valueStart..<max(valueStart, valueEnd - 1)).first(where: { blank(line[$0]) && line[$0 + 1] == UInt8(ascii: "#") }) {
            valueEnd = comment
            while valueEnd > valueStart && blank(line[valueEnd - 1]) { valueEnd -= 1 }
        }
        while valueStart < valueEnd && quote(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart && quote(line[valueEnd - 1]) { valueEnd -= 1 }
        guard valueEnd - valueStart >= 3 else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd]), as: UTF8.self)
    }

    /// The secret on one line, by Foundation's Unicode rules, if its key is a secret key.
    private static func secret(inLine line: String) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard secretKeys.contains(where: { key.hasSuffix($0) }) else { return nil }
        var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if let hash = value.range(of: #"[ \t]#"#, options: .regularExpression) {
            value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        return value.count >= 3 ? value : nil
    }

    /// `text` with every secret replaced by `****`.
    public func mask(_ text: String) -> String {
        guard !values.isEmpty else { return text }
        var text = text
        guard let masked = text.withUTF8({ masked($0) }) else { return text }
        return String(decoding: masked, as: UTF8.self)
    }

    /// UTF-8 `bytes` with every secret replaced by `****`: the same array when no secret occurs.
    public func mask(_ bytes: [UInt8]) -> [UInt8] {
        guard !values.isEmpty else { return bytes }
        return bytes.withUnsafeBufferPointer { masked($0) } ?? bytes
    }

    /// `text` masked, or nil when no secret occurs. Secrets are replaced one after the other, in
    /// `values` order, each wherever it occurs (left to right, not overlapping) in the text the ones
    /// before left; bytes are compared as they are. A first scan finds the secrets that occur at all:
    /// only they, and any containing `*` (which could match across a `****`), need a pass.
    private func masked(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let secrets = values.map { Array($0.utf8) }
        let occurring = Self.occurring(secrets, in: text)
        guard occurring.contains(true) else { return nil }
        var result: [UInt8]?
        for (secret, occurs) in zip(secrets, occurring) where occurs || secret.contains(UInt8(ascii: "*")) {
            if let previous = result {
                result = previous.withUnsafeBufferPointer { Self.replacing(secret, in: $0) }
            } else {
                result = Self.replacing(secret, in: text)
            }
        }
        return result
    }

    /// Which of `secrets` occur in `text`: one scan, comparing only where a byte starts some secret.
    private static func occurring(_ secrets: [[UInt8]], in text: UnsafeBufferPointer<UInt8>) -> [Bool] {
        var found = [Bool](repeating: false, count: secrets.count)
        var starts = [Bool](repeating: false, count: 256)
        for case let first? in secrets.map(\.first) { starts[Int(first)] = true }
        starts.withUnsafeBufferPointer { starts in
            for index in text.indices where starts[Int(text[index])] {
                for (n, secret) in secrets.enumerated() where !found[n] && secret.first == text[index] && secret.count <= text.count - index
                    && UnsafeBufferPointer(rebasing: text[index..<(index + secret.count)]).elementsEqual(secret) {
                    found[n] = true
                }
            }
        }
        return found
    }

    /// `bytes` with each occurrence of `secret`, left to right and not overlapping, replaced by `****`.
    private static func replacing(_ secret: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let base = bytes.baseAddress, let first = secret.first else { return Array(bytes) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0, copied = 0
        secret.withUnsafeBufferPointer { secret in
            // memchr finds the candidates, memcmp checks them.
            while index + secret.count <= bytes.count,
                  let hit = memchr(base + index, Int32(first), bytes.count - secret.count + 1 - index) {
                index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + index, secret.baseAddress!, secret.count) == 0 {
                    result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                    result += "****".utf8
                    index += secret.count
                    copied = index
                } else {
                    index += 1
                }
            }
        }
        result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        return result
    }
}
