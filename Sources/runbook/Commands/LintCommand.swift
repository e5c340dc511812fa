import ArgumentParser
import RunbookCore
import RunbookRuntime

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Print the guide's diagnostics only (file:line, code, message, hint).")

    @OptionGroup var guide: GuideOptions

    func run() throws {
        let runbook = try reportingFailures { try GuideLoader.load(path: guide.file) }
        for diagnostic in runbook.diagnostics {
            Terminal.write(DiagnosticFormat.line(diagnostic, file: guide.file) + "\n")
        }
        let errors = runbook.diagnostics.filter { $0.severity == .error }.count
        Terminal.write("\(errors) error(s), \(runbook.diagnostics.count - errors) other diagnostic(s)\n")
        if errors > 0 { throw ExitCode(3) }
    }
}
