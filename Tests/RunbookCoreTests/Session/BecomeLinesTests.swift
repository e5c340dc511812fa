import Foundation
import Testing
@testable import RunbookCore

/// Which commands get the `become:` lines, and what they are, without a host.
@Suite("become: the lines a command gets")
struct BecomeLinesTests {
    @Test("sudo as a word, not a path, a longer name or a file name")
    func usesSudo() {
        for text in ["sudo id", "x=$(sudo id -u)", "echo a | sudo tee f", "if sudo true; then :; fi", "\"sudo\" id", "(sudo id)", "sudo"] {
            #expect(SessionScript.usesSudo(text), "\(text)")
        }
        for text in ["/usr/bin/sudo id", "sudoedit f", "cat /etc/sudoers", "vi sudo.conf", "pseudo x", "visudo -c", "echo hi"] {
            #expect(!SessionScript.usesSudo(text), "\(text)")
        }
    }

    @Test("only a shell command whose text uses sudo gets them; without become: sudo -n; a password only in here-documents")
    func lines() {
        let pair = PlannedPair(host: "h1", binding: .local, endpoint: "h1", wrap: nil, commands: [], kept: nil)
        func command(_ text: String, session: Bool = false) -> PlannedCommand {
            PlannedCommand(command: HostCommand(argv: ["bash", "-euo", "pipefail", "-s"], stdin: text + "\n"), session: session,
                           label: "L1", documented: [], line: 1, outputLine: 1, text: text)
        }
        #expect(Planner.delivered(command("echo hi"), of: pair, session: nil, become: .init(password: "pw")).stdin == "echo hi\n")
        let bare = Planner.delivered(command("sudo id"), of: pair, session: nil).stdin
        #expect(bare.hasPrefix(SessionScript.becomeMarker + "\n") && bare.contains("command sudo -n \"$@\"") && bare.hasSuffix("\nsudo id\n"), "\(bare)")
        let password = "a 'quoted' $pw"
        let given = Planner.delivered(command("sudo id", session: true), of: pair, session: .init(state: .fresh, record: "R-1"),
                                      become: .init(password: password)).stdin
        #expect(given.hasPrefix(SessionScript.marker) && given.contains("trap __rb_exit EXIT") && given.contains("command sudo -A \"$@\""))
        #expect(given.contains("\n" + password + "\n" + SessionScript.passwordEnd + "\n"), "the password stands verbatim on a line of its own")
        #expect(given.components(separatedBy: password).count == 2, "once")
    }
}
