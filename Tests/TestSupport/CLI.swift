import Foundation
import Testing

/// The built `runbook` binary, run as a user would.
public enum CLI {
    /// The folder most tests run the binary in: the package's checkout (runbooks/, Tests/Golden/).
    public static let packageRoot = Checkout.root

    /// The `runbook` SwiftPM built beside the test bundle (the EndToEndTests target depends on it), or
    /// `.build/debug/runbook` when the tests run from elsewhere.
    public static let binary: URL = {
        let beside = Bundle.main.executableURL?.deletingLastPathComponent().appending(path: "runbook")
        if let beside, FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appending(path: ".build/debug/runbook")
    }()

    /// `runbook args…` in `directory`, stdin /dev/null, NO_COLOR set and `extra` added to the
    /// environment; not started.
    public static func process(_ args: [String], in directory: URL, environment extra: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = args
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { $1 }
        process.environment = environment
        return process
    }

    /// Starts `runbook args…` in `directory`; returns the process and a pipe of its combined output.
    public static func start(_ args: [String], in directory: URL, environment extra: [String: String] = [:]) throws -> (Process, Pipe) {
        let process = process(args, in: directory, environment: extra)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return (process, pipe)
    }

    /// Starts `runbook args…` in `directory` with its combined output going to the file `output`: a
    /// pipe could be held open by ssh processes a killed runner leaves behind.
    public static func spawn(_ args: [String], in directory: URL, output: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = process(args, in: directory)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// What `runbook run` printed after its last "Recap of run" (the recap's table); a test failure
    /// when it printed none.
    public static func recap(_ output: String) throws -> String {
        try #require(output.range(of: "Recap of run") != nil, "no recap in:\n\(output)")
        return output.components(separatedBy: "Recap of run").last!
    }

    /// Runs `runbook args…` to completion.
    public static func run(_ args: [String], in directory: URL, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let (process, pipe) = try start(args, in: directory, environment: environment)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
