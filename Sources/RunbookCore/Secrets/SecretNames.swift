/// Names that say their value is a secret: `DB_PASSWORD`, `api_key`, `GITHUB_TOKEN`, `secretAccessKey`…
public enum SecretNames {
    /// Lowercased words whose presence anywhere in a name (underscores and dashes ignored) makes it a secret's.
    static let words = ["password", "passwd", "secret", "token", "apikey", "accesskey", "privatekey", "credential"]

    /// True when a variable or key named `name` holds a secret.
    public static func isSecret(_ name: String) -> Bool {
        let folded = name.lowercased().filter { $0 != "_" && $0 != "-" }
        return words.contains { folded.contains($0) }
    }
}
