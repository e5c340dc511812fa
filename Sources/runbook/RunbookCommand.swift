import ArgumentParser

@main
struct RunbookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Review, run, resume and audit Markdown deployment guides.",
        discussion: "Exit codes: 0 success · 1 a step failed · 2 usage or unreadable input · 3 refused · 4 host unreachable · 130 interrupted.",
        subcommands: [PlanCommand.self, RunCommand.self, LogCommand.self, ShowCommand.self, ReportCommand.self, AuditCommand.self, LintCommand.self, InventoryCommand.self])
}
