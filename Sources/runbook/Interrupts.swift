import Foundation

/// Ctrl-C: the first SIGINT (or SIGTERM) cancels the run, whose transports stop what runs
/// (SIGTERM, then SIGKILL) on every host; the journal records it and the exit code is 130.
enum Interrupts {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Terminal.errorLine("\nrunbook: interrupted — stopping what runs on every host…")
                task.cancel()
            }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        return try await task.value
    }
}
