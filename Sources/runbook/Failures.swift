import ArgumentParser
import Foundation
import RunbookCore
import RunbookRuntime

/// Runs `body`, turning an `InputError` or a `RunRefusal` into its message on stderr and its exit
/// code (SPEC §10: 2 usage or unreadable input, 3 refused).
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as InputError {
        Terminal.error(error)
        throw ExitCode(error.exitCode)
    } catch let refusal as RunRefusal {
        for line in refusal.lines { Terminal.errorLine(line) }
        throw ExitCode(refusal.exitCode)
    }
}

/// A check of `validate()` that failed: what to say on stderr, and the exit code (SPEC §10), in
/// place of ArgumentParser's usage error (exit 64).
struct FlagProblem {
    var exitCode: Int32
    var say: () -> Void

    /// Says why and throws the exit code, unless ArgumentParser has its own word to say first.
    ///
    /// ArgumentParser calls `validate()` once it has read the options it knows, but before it reports
    /// the ones it does not know (`--bogus`, an extra argument) or answers `--help`; when `validate()`
    /// throws, those are never looked at. So the command line is first parsed again without this
    /// check: if that fails, this stays silent and ArgumentParser's answer comes next, as it did when
    /// these checks were made in `run()`.
    func raise<Command: ParsableCommand>(in command: Command.Type) throws {
        guard !FlagProblem.reparsing else { return }
        // The arguments after the subcommand's name (`runbook run …`).
        let name = Command.configuration.commandName
        let arguments = Array(CommandLine.arguments.dropFirst().drop { $0 != name }.dropFirst())
        let wellFormed = FlagProblem.$reparsing.withValue(true) { (try? Command.parse(arguments)) != nil }
        guard wellFormed else { return }
        say()
        throw ExitCode(exitCode)
    }

    /// True while `raise` parses the command line again (its checks are not made then).
    @TaskLocal static var reparsing = false
}
