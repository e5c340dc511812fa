import ArgumentParser
import Foundation
import RunbookCore
import RunbookRuntime

/// Loads the guide or exits with the input error's code and message.
func loadGuide(_ path: String) throws -> Runbook {
    do {
        return try GuideLoader.load(path: path)
    } catch let error as InputError {
        Terminal.error(error)
        throw ExitCode(error.exitCode)
    }
}

/// Runs `body`, turning an `InputError` into its message and exit code.
func reportingInputErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as InputError {
        Terminal.error(error)
        throw ExitCode(error.exitCode)
    }
}
