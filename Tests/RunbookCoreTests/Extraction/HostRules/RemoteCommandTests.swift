import Testing
@testable import RunbookCore

/// A command that reaches another host by `ssh`/`scp` inside a block runs on the block's host and
/// reaches the other one from there: shown as such (`remote-command`).
@Suite("host rules: ssh and scp inside a block")
struct RemoteCommandTests {
    @Test("ssh and scp calls, with their options and targets", arguments: [
        ("ssh root@10.0.0.2 hostname", ["ssh 10.0.0.2"]),
        ("ssh -i key -p 2222 -o StrictHostKeyChecking=no admin@node2 'uptime'", ["ssh node2"]),
        ("for ip in 10.0.0.1 10.0.0.2; do ssh root@$ip systemctl restart app; done", ["ssh $ip"]),
        ("scp -P 2222 ./ca.pem worker-1:/etc/ssl/", ["scp worker-1"]),
        ("sudo scp root@10.0.0.5:/etc/hosts /tmp/hosts", ["scp 10.0.0.5"]),
        ("ssh-keygen -t ed25519", [String]()), ("echo ssh is fine", [String]()), ("scp a b", [String]()),
    ])
    func calls(_ text: String, _ expected: [String]) {
        #expect(RemoteCommand.find(in: text, line: 1).map { "\($0.tool) \($0.target)" } == expected)
    }

    @Test("the plan says on which host the call runs and which host it reaches, beside the step")
    func note() throws {
        let runbook = RunbookBuilder.build(path: "g.md", bytes: Array("""
        # Fan out

        On 10.0.0.1:

        ```bash
        for ip in 10.0.0.2 10.0.0.3; do
          ssh root@$ip 'systemctl restart app'
        done
        ```
        """.utf8), context: GuideContext())
        let note = try #require(runbook.diagnostics.first { $0.code == .remoteCommand })
        #expect(note.severity == .note && note.line == 7)
        #expect(note.message.hasPrefix("`ssh` at L7 runs on 10.0.0.1 and reaches `$ip` from there"))
        #expect(runbook.steps.first?.hosts == ["10.0.0.1"], "the loop runs on the block's host")
    }
}
