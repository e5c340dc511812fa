/// What to run on a host: a remote argv whose standard input is the step text.
///
/// The text goes on stdin, never in argv, so it never shows in `ps` and needs no quoting.
public struct HostCommand: Sendable, Equatable {
    /// The program and its arguments as run on the host, e.g. `["bash", "-euo", "pipefail", "-s"]`.
    public var argv: [String]
    /// Bytes written to the program's stdin, then stdin is closed.
    public var stdin: String

    public init(argv: [String], stdin: String) {
        self.argv = argv
        self.stdin = stdin
    }
}
