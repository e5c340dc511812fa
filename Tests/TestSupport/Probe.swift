import Foundation

/// Small process probes for tests.
public enum Probe {
    /// Runs `argv` to completion; returns its exit status and combined output.
    @discardableResult
    public static func run(_ argv: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = argv
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs `argv` with its output in the file `output` and waits for it with waitpid; returns its exit
    /// status (128 + N for signal N), -1 if it could not start. For scripts that start daemons
    /// (scripts/milvus-sim/cluster.sh): the daemons would hold a pipe open, and Foundation's Process
    /// did not notice such a script's exit (waitUntilExit hung on a zombie).
    public static func spawnAndWait(_ argv: [String], output: String) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, argv[0], &actions, nil, arguments, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// The PIDs of processes whose command line contains `pattern`.
    public static func pids(matching pattern: String) throws -> [String] {
        let result = try run(["pgrep", "-f", "--", pattern])
        return result.output.split(separator: "\n").map(String.init)
    }

    /// Polls until `condition` holds (at most `attempts` × 100 ms); returns whether it held.
    public static func eventually(attempts: Int = 300, _ condition: () throws -> Bool) async rethrows -> Bool {
        for _ in 0..<attempts {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }
}
