import ArgumentParser
import Foundation
import RunbookCore
import RunbookRuntime

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show every step, its hosts and their provenance, the exact text that runs, what is verified, and what the guide gets wrong. Opens no connection.")

    @OptionGroup var guide: GuideOptions
    @Flag(help: "Print the plan as JSON (SPEC section 4).")
    var json = false
    @Option(name: [.short, .long], help: "Also check the plan against this inventory: bindings, unbound hosts, address rewrites.")
    var inventory: String?
    @Option(name: [.short, .customLong("output")], help: "Pin the plan: write it as JSON with the hashes of the guide, the inventory and every uploaded file, for `run --plan`.")
    var output: String?

    func run() throws {
        let plan = try reportingFailures { try RunPreparation(guidePath: guide.file, inventoryPath: inventory).review() }
        if let output {
            let folder = URL(fileURLWithPath: guide.file).deletingLastPathComponent()
            do {
                let text = plan.secrets.mask(PinnedPlan.render(plan, guideFolder: folder))
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                Terminal.error(InputError("cannot write \(output): \(error.localizedDescription)"))
                throw ExitCode(2)
            }
        }
        if json {
            // The secrets are looked for while the plan is rendered. Without secrets the plan goes out in
            // the pieces it was rendered in; with them, joined, so that a secret straddling two is masked.
            let rendered = PlanJSON.renderPieces(plan)
            let secrets = plan.secrets
            let pieces = secrets.values.isEmpty ? rendered : [secrets.mask(PlanJSON.joined(rendered))]
            try reportingFailures { try Terminal.write(pieces) }
        } else {
            Terminal.write(plan.secrets.mask(PlanRenderer(color: Terminal.colorStdout).render(plan)))
            if let hosts = plan.inventory { Terminal.write(plan.secrets.mask(hosts.review(of: plan))) }
        }
        // Everything is written (straight to the file descriptor). Freeing a large plan piece by piece
        // takes longer than the kernel takes to drop the whole process, so end here with `exit()` on
        // purpose (docs/DECISIONS.md, "Speed of plan"), not by returning or throwing `ExitCode`, which
        // would unwind and free the plan first. The only command that ends this way.
        Foundation.exit(plan.diagnostics.hasErrors ? 3 : 0)
    }
}
