import Foundation
import RunbookCore
import Testing
import TestSupport

/// Values a guide leaves for its reader to fill in (`<your-ip>`, `${TOKEN}`, `YOUR_PASSWORD`): listed
/// by `plan`, refused by `run` until the inventory's `vars:` give them, then filled in and shown by `plan -i`.
@Suite("placeholders and inventory vars")
struct PlaceholderEndToEndTests {
    static let guide = """
        # Placeholders

        ## Configure

        ```bash
        echo "listen <your-ip>:8080" > app.conf
        echo "token length ${#TOKEN} ends ${TOKEN: -3}" && test -n "${TOKEN}"
        ```
        """

    @Test("plan lists both; run refuses without values (exit 3, nothing run); with vars: it runs, and plan -i shows each substitution")
    func placeholders() throws {
        let directory = try workspace(guide: Self.guide)
        let plan = try CLI.run(["plan", "guide.md"], in: directory)
        #expect(plan.output.contains("guide.md:6 [placeholder]") && plan.output.contains("guide.md:7 [placeholder]"), "\(plan.output)")
        let refused = try CLI.run(["run", "guide.md", "--yes"], in: directory)
        #expect(refused.status == 3 && refused.output.contains("[unbound-placeholder]"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "app.conf").path))

        let inventory = "hosts:\n  local: { local: true }\nvars: { \"your-ip\": 127.0.0.9, TOKEN: tok-value-xyz }\n"
        try inventory.write(to: directory.appending(path: "hosts.yaml"), atomically: true, encoding: .utf8)
        let review = try CLI.run(["plan", "guide.md", "-i", "hosts.yaml"], in: directory)
        #expect(review.status == 0, "\(review.output)")
        #expect(review.output.contains("placeholder <your-ip> on local → 127.0.0.9"), "\(review.output)")
        #expect(review.output.contains("placeholder ${TOKEN} on local → ****") && !review.output.contains("tok-value-xyz"), "a secret-named var is masked: \(review.output)")
        let run = try CLI.run(["run", "guide.md", "-i", "hosts.yaml", "--yes"], in: directory)
        #expect(run.status == 0, "\(run.output)")
        #expect(try String(contentsOf: directory.appending(path: "app.conf"), encoding: .utf8) == "listen 127.0.0.9:8080\n")
    }
}
