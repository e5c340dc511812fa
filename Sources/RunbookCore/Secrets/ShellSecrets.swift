import Foundation

/// Secret values written in a guide's commands and config text, found by their form so they are
/// masked by construction, whatever the inventory lists: `export DB_PASSWORD=…`, `mysql -p…`,
/// `--password=…`, `PGPASSWORD=…`, `redis-cli -a …`, an `Authorization:` header, a URL's
/// `user:password@`, `IDENTIFIED BY '…'`, `PASSWORD '…'`, `requirepass …`, a PEM private key.
/// A value that is itself a reference (`$DB_PASSWORD`, `${TOKEN}`, `<your-password>`) is not one.
enum ShellSecrets {
    /// Bytes one of the forms needs: most command texts have none and are passed by at once.
    static let words = ByteWords(["password", "passwd", "secret", "token", "apikey", "api_key", "accesskey", "access_key",
                                  "privatekey", "private_key", "credential", "pwd", "redis_auth", "rediscli_auth",
                                  "mysql", "mariadb", "--pass", "redis-cli", "authorization", "begin ", "identified",
                                  "requirepass", "masterauth"])

    private static let forms: [NSRegularExpression] = [
        // NAME=value, where NAME names a secret (checked below): group 1 the name, 2 the value
        #"(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)=("[^"\n]*"|'[^'\n]*'|[^\s;&|'"]+)"#,
        // mysql -pSECRET (the value touches -p), --password=SECRET, --password SECRET
        #"\b(?:mysql|mariadb|mysqldump|mysqladmin|mariadb-dump)\b[^\n;&|]*?\s-p((?:'[^'\n]*'|"[^"\n]*"|[^\s'"])+)"#,
        #"--pass(?:word)?[= ]((?:'[^'\n]*'|"[^"\n]*"|[^\s'"-][^\s'"]*)+)"#,
        #"\bredis-cli\b[^\n;&|]*?\s-a\s+((?:'[^'\n]*'|"[^"\n]*"|[^\s'"])+)"#,
        #"(?i)\bauthorization:\s*(?:bearer|basic|token)\s+([^\s"'\\]+)"#,
        #"://[^/\s:@'"]+:([^@\s/'"]+)@"#,
        #"(?i)\b(?:identified\s+by|password)\s+('[^'\n]+'|"[^"\n]+")"#,
        #"(?m)^\s*(?:requirepass|masterauth)\s+(\S+)"#,
        #"(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----\n(.+?)\n-----END [A-Z ]*PRIVATE KEY-----"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// The secret values `text` writes.
    static func values(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        // A URL's userinfo needs both `://` and `@`.
        let userinfo = bytes.contains(UInt8(ascii: "@")) && bytes.indices.dropLast(2).contains { bytes[$0] == UInt8(ascii: ":") && bytes[$0 + 1] == UInt8(ascii: "/") && bytes[$0 + 2] == UInt8(ascii: "/") }
        guard userinfo || words.occur(in: bytes) else { return [] }
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        var found: [String] = []
        for (index, form) in forms.enumerated() {
            for match in form.matches(in: text, range: whole) {
                let valueGroup = index == 0 ? 2 : 1
                if index == 0 {
                    let name = ns.substring(with: match.range(at: 1))
                    guard SecretNames.isSecret(name) else { continue }
                }
                var value = ns.substring(with: match.range(at: valueGroup))
                if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
                    value = String(value.dropFirst().dropLast())
                }
                if index == 8 {
                    found += value.split(separator: "\n").map(String.init).filter { $0.count >= 8 }
                    continue
                }
                guard !value.hasPrefix("$"), !value.hasPrefix("<"), !value.hasPrefix("%"), value.count >= 3 else { continue }
                found.append(value)
            }
        }
        return found
    }
}
