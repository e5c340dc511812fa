import Foundation
import Testing
import TestSupport
@testable import RunbookCore

/// runbooks/examples/: guides of our own writing in the shapes public guides have (issue #12), each
/// with its expected plan facts (CorpusFacts.swift). Facts that need a rule still being built are
/// checked by the disabled tests below, named by the rule they wait for.
@Suite("runbooks/examples/ → plan facts")
struct CorpusTests {
    static func read(_ file: String) throws -> Runbook {
        let path = Checkout.runbook("examples/\(file)")
        let data = try #require(FileManager.default.contents(atPath: path), "missing \(path)")
        return RunbookBuilder.build(path: "runbooks/examples/\(file)", bytes: [UInt8](data), context: GuideContext(fileExists: { _ in true }))
    }

    /// The step `fact` is about: the `nth` whose commands (text or output), file destination or
    /// content hold `fact.find`.
    static func step(_ fact: Fact) throws -> (Runbook, Step) {
        let runbook = try read(fact.guide)
        let matches = runbook.steps.filter { step in
            step.commands.contains { $0.text.contains(fact.find) || $0.expect.contains { $0.contains(fact.find) } }
                || step.file?.destination == fact.find || step.file?.content.contains(fact.find) == true
        }
        try #require(matches.count > fact.nth, "no step #\(fact.nth + 1) holds “\(fact.find)” in \(fact.guide)")
        return (runbook, matches[fact.nth])
    }

    static func checkKind(_ fact: Fact) throws {
        let (_, step) = try step(fact)
        #expect(step.kind == fact.kind, "L\(step.line): \(step.kind) — \(step.note ?? "")")
        if fact.inferred { #expect(step.inferred != nil, "L\(step.line): the plan must say the kind was guessed") }
        let expected = step.commands.flatMap(\.expect)
        for line in fact.expects {
            let trimmed = { (s: String) in s.trimmingCharacters(in: .whitespaces) }
            #expect(expected.contains { trimmed($0) == trimmed(line) }, "L\(step.line) does not expect “\(line)”; it expects \(expected)")
        }
    }

    static func checkHosts(_ fact: Fact) throws {
        guard let hosts = fact.hosts else { return }
        let (runbook, step) = try step(fact)
        if hosts.isEmpty {   // unresolved: never local, and the reviewer is told
            #expect(!step.hosts.contains("local") && step.hostSource != .default, "L\(step.line) runs on \(step.hosts) (\(step.hostSource))")
            #expect(runbook.diagnostics.contains { $0.code == .unresolvedHost && $0.line <= step.line },
                    "no unresolved-host note before L\(step.line)")
            return
        }
        #expect(step.hosts == hosts, "L\(step.line): \(step.hosts) (\(step.hostSource))")
        if let source = fact.source { #expect(step.hostSource == source, "L\(step.line): \(step.hostSource)") }
        for host in hosts {
            #expect(step.hostTags.contains { $0.host == host }, "L\(step.line): no evidence for \(host)")
        }
    }

    /// The client's statements reach it on stdin: one command starts the client and carries every
    /// statement (in its text's here-document); no statement or prompt line runs as a command
    /// or is expected as output.
    static func checkClient(_ fact: Fact) throws {
        guard let client = fact.client else { return }
        let (_, step) = try step(fact)
        let command = try #require(step.commands.first { $0.text.hasPrefix(client) }, "L\(step.line): no `\(client)` command")
        let carried = command.text   // the statements, in a here-document on the client's stdin
        for statement in fact.statements {
            #expect(carried.contains(statement),
                    "`\(client)` does not carry “\(statement)”")
            #expect(!step.commands.contains { $0.text.hasPrefix(statement) }, "“\(statement)” runs as a shell command")
            #expect(!command.expect.contains { $0.contains(statement) }, "“\(statement)” is expected as output")
        }
    }

    @Test("the corpus has at least 10 guides, in English and Chinese, each with facts")
    func corpus() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Checkout.runbook("examples"))
            .filter { $0.hasSuffix(".md") }.sorted()
        #expect(files == Corpus.guides.map(\.file).sorted())
        #expect(files.count >= 10 && files.filter { $0.hasSuffix(".zh.md") }.count >= 3)
        for guide in Corpus.guides {
            #expect(Corpus.facts.contains { $0.guide == guide.file }, "\(guide.file) has no facts")
        }
    }

    @Test("kind and documented output", arguments: Corpus.facts.filter { $0.kindWaits == nil })
    func kinds(_ fact: Fact) throws { try Self.checkKind(fact) }

    @Test("hosts with provenance", arguments: Corpus.facts.filter { $0.hosts != nil && $0.hostsWait == nil })
    func hosts(_ fact: Fact) throws { try Self.checkHosts(fact) }

    @Test("placeholders the guide leaves to its reader are listed", arguments: Corpus.guides)
    func placeholders(_ guide: CorpusGuide) throws {
        let names = Set(try Self.read(guide.file).placeholders.map(\.name))
        for name in guide.placeholders { #expect(names.contains(name), "\(name) not among \(names.sorted())") }
    }

    /// Every fenced block is a step that runs, a file, a host table, or a step's documented output:
    /// none is silently dropped.
    static func checkNothingDropped(_ guide: CorpusGuide) throws {
        let runbook = try read(guide.file)
        let outputs = Set(runbook.steps.compactMap(\.outputBlock))
        for step in runbook.steps where step.kind == .skipped {
            #expect(outputs.contains(step.line), "L\(step.line) is not run: \(step.note ?? "")")
        }
    }

    @Test("no block is silently dropped", arguments: Corpus.guides.filter { $0.dropsWait == nil })
    func nothingDropped(_ guide: CorpusGuide) throws { try Self.checkNothingDropped(guide) }

    // What waits for the rules being built (issue #12). Each test names the rule; enable it once the
    // rule is on main.

    @Test("kind and documented output (interactive clients)",
          arguments: Corpus.facts.filter { $0.kindWaits == .interactive })
    func kindsInteractive(_ fact: Fact) throws { try Self.checkKind(fact) }

    @Test("documented output labelled in longer prose",
          arguments: Corpus.facts.filter { $0.kindWaits == .outputLabels })
    func kindsOutputLabels(_ fact: Fact) throws { try Self.checkKind(fact) }

    @Test("kind (unlabelled assignments)",
          arguments: Corpus.facts.filter { $0.kindWaits == .assignments })
    func kindsAssignments(_ fact: Fact) throws { try Self.checkKind(fact) }

    @Test("statements fed to interactive clients",
          arguments: Corpus.facts.filter { $0.client != nil })
    func clients(_ fact: Fact) throws { try Self.checkClient(fact) }

    @Test("hosts from scopes stated once",
          arguments: Corpus.facts.filter { $0.hostsWait == .scopes && $0.guide != "haproxy-install.zh.md" })
    func hostsFromScopes(_ fact: Fact) throws { try Self.checkHosts(fact) }

    @Test("hosts from 以下操作在所有节点执行 (the guide's table)", .disabled("waits for 所有节点 to resolve to the guide's host table"),
          arguments: Corpus.facts.filter { $0.hostsWait == .scopes && $0.guide == "haproxy-install.zh.md" })
    func hostsFromAllNodes(_ fact: Fact) throws { try Self.checkHosts(fact) }

    @Test("a `for … ssh` loop runs on the node the prose names", .disabled("waits for loops: a for … ssh loop on one control node"),
          arguments: Corpus.facts.filter { $0.hostsWait == .loops })
    func hostsOfLoops(_ fact: Fact) throws { try Self.checkHosts(fact) }

    @Test("hosts from a scope stated after the blocks",
          arguments: Corpus.facts.filter { $0.hostsWait == .scopeAfter })
    func hostsFromScopeAfter(_ fact: Fact) throws { try Self.checkHosts(fact) }

    @Test("hosts from role headings",
          arguments: Corpus.facts.filter { $0.hostsWait == .roleHeadings })
    func hostsFromRoleHeadings(_ fact: Fact) throws { try Self.checkHosts(fact) }

    @Test("local from local words, with provenance",
          arguments: Corpus.facts.filter { $0.hostsWait == .localWords })
    func hostsFromLocalWords(_ fact: Fact) throws { try Self.checkHosts(fact) }

    @Test("remote words no rule resolves: unresolved-host, never local",
          arguments: Corpus.facts.filter { $0.hostsWait == .noSilentLocal })
    func hostsUnresolved(_ fact: Fact) throws { try Self.checkHosts(fact) }

    @Test("no block is silently dropped",
          arguments: Corpus.guides.filter { $0.dropsWait != nil })
    func nothingDroppedLater(_ guide: CorpusGuide) throws { try Self.checkNothingDropped(guide) }
}
