import Foundation

/// Runs a host's commands inside a wrapper on another host (`on:` + `wrap:` in the inventory),
/// e.g. `docker exec -i milvus_rootcoord sh`: the step text goes to the wrapper's stdin.
public struct WrappedTransport: Transport {
    public let base: any Transport
    /// The wrapper command line, run by `sh -c` on the base host.
    public let wrap: String

    public init(base: any Transport, wrap: String) {
        self.base = base
        self.wrap = wrap
    }

    public var description: String { "\(base.description) → \(wrap)" }

    /// The wrapper gets the step text; it decides the interpreter (usually `sh`), so `set -e`
    /// is put in front of shell text to keep stop-on-error semantics.
    func wrapped(_ command: HostCommand) -> HostCommand {
        let isShell = command.argv.first.map { ["bash", "sh"].contains($0) } ?? false
        return HostCommand(argv: ["sh", "-c", wrap], stdin: isShell ? "set -e\n" + command.stdin : command.stdin)
    }

    public func commandLine(for command: HostCommand) -> [String] { base.commandLine(for: wrapped(command)) }

    public func execute(_ command: HostCommand, log: URL, timeout: Duration?, captureLimit: Int) async -> ExecutionResult {
        await base.execute(wrapped(command), log: log, timeout: timeout, captureLimit: captureLimit)
    }

    public func close() async {}
}
