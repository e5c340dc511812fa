import Foundation
import RunbookCore
import RunbookRuntime
import Testing
import TestSupport

/// `RunPreparation` called directly: what `run` reads and checks before a run (its refusals through
/// the binary are in EndToEndTests/RunRefusalTests.swift).
@Suite("RunPreparation: guide, pinned plan and inventory read and checked before a run")
struct RunPreparationTests {
    static let inventory = "Tests/Golden/milvus.hosts.yaml"

    @Test("RunPreparation throws what run reports: InputError for usage, RunRefusal for a guide with errors")
    func preparationErrors() throws {
        let root = Checkout.root.path + "/"
        #expect(throws: InputError.self) { try RunPreparation(guidePath: nil).prepare() }
        #expect(throws: InputError.self) { try RunPreparation(guidePath: root + "runbooks/milvus.corrected.md").prepare() }
        do {
            _ = try RunPreparation(guidePath: root + "runbooks/milvus.md", inventoryPath: root + Self.inventory).prepare()
            Issue.record("a guide with errors was prepared")
        } catch let refusal as RunRefusal {
            #expect(refusal.exitCode == 3)
            #expect(refusal.diagnostics.map { "\($0.code)" } == ["host-conflict"])
            #expect(refusal.lines.first == DiagnosticFormat.line(refusal.diagnostics[0], file: root + "runbooks/milvus.md"))
        }
    }

    @Test("RunPreparation returns the plan run --dry-run renders, and plan reviews the same steps")
    func preparedPlan() throws {
        let root = Checkout.root.path + "/"
        let prepared = try RunPreparation(guidePath: root + "runbooks/milvus.corrected.md", inventoryPath: root + Self.inventory,
                                          selection: Selection(only: "3/1")).prepare()
        #expect(prepared.plan.steps.map(\.step.id) == ["3/1"])
        #expect(prepared.resume == nil && prepared.journalProblems.isEmpty)
        let review = try RunPreparation(guidePath: root + "runbooks/milvus.corrected.md", inventoryPath: root + Self.inventory).review()
        #expect(review.inventory?.path == root + Self.inventory)
        #expect(review.steps.contains { $0.step.id == "3/1" })
    }
}
