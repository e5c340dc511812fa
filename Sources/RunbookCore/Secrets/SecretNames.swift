/// Names that say their value is a secret: `DB_PASSWORD`, `api_key`, `GITHUB_TOKEN`, `secretAccessKey`…
public enum SecretNames {
    /// Lowercased words whose presence anywhere in a name (underscores and dashes ignored) makes it a secret's.
    static let words = ["password", "passwd", "secret", "token", "apikey", "accesskey", "privatekey", "credential"]

    /// The clients' own password variables (MYSQL_PWD, PGPASSWORD, REDISCLI_AUTH), which interactive
    /// client sessions are given their passwords through.
    static let clientPasswords: Set<String> = ["mysqlpwd", "pgpassword", "rediscliauth"]

    /// True when a variable or key named `name` holds a secret.
    public static func isSecret(_ name: String) -> Bool {
        let folded = name.lowercased().filter { $0 != "_" && $0 != "-" }
        return clientPasswords.contains(folded) || words.contains { folded.contains($0) }
    }
}
