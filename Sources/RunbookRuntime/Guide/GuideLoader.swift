import Foundation
import RunbookCore

/// Bad input from the user (a missing file, a garbage inventory): a message, a hint and an exit code.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var hint: String?
    public var exitCode: Int32

    public init(_ message: String, hint: String? = nil, exitCode: Int32 = 2) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    public var description: String { message + (hint.map { "\n  hint: " + $0 } ?? "") }
}

/// Reads a guide from disk and builds its runbook, supplying the core with file and Python checks.
public enum GuideLoader {
    /// Loads the guide at `path` (exit 2 when it cannot be read), read against the names of
    /// `inventory` when one is given (its hosts and `groups:` bind the guide's scope words).
    public static func load(path: String, inventory: InventoryNames? = nil) throws -> Runbook {
        let bytes = try readFile(path, what: "guide")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let context = GuideContext(
            readFile: { relative in
                var isDirectory: ObjCBool = false
                let url = folder.appendingPathComponent(relative)
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
                return FileManager.default.contents(atPath: url.path).map { [UInt8]($0) }
            },
            pythonSyntaxErrors: PythonSyntax.check,
            inventory: inventory)
        return RunbookBuilder.build(path: path, bytes: bytes, context: context)
    }

    /// The bytes of a file the user named, or an `InputError` saying why not.
    public static func readFile(_ path: String, what: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("cannot read \(what) \(path): no such file", hint: "check the path (relative to \(FileManager.default.currentDirectoryPath))")
        }
        guard !isDirectory.boolValue else {
            throw InputError("cannot read \(what) \(path): it is a directory", hint: "name a Markdown file")
        }
        guard let bytes = readAll(path) else {
            throw InputError("cannot read \(what) \(path): permission denied or unreadable", hint: "check the file's permissions")
        }
        return bytes
    }

    /// The whole file read with read(2) straight into the array (no `Data` in between, which was a
    /// second copy of a large guide), or nil when it cannot be opened or read.
    private static func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return nil }
        var failed = false
        /// Up to `capacity` bytes, fewer only at the end of the file.
        func chunk(_ capacity: Int) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = 0
                while count < buffer.count {
                    let n = read(fd, buffer.baseAddress! + count, buffer.count - count)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failed = true }
                    if n <= 0 { break }
                    count += n
                }
            }
        }
        // The size is a hint: a file that grows while it is read is read to its end all the same.
        let size = max(Int(status.st_size), 0)
        var bytes = chunk(size + 1)
        while !failed && bytes.count > size {
            let more = chunk(1 << 16)
            if more.isEmpty { break }
            bytes += more
        }
        return failed ? nil : bytes
    }
}

/// Checks Python sources with the local `python3` (compile only, nothing runs): one process for all
/// the blocks of a guide, which read as JSON on stdin and answered as JSON on stdout.
enum PythonSyntax {
    private static let checker = """
    import json, sys
    results = []
    for source in json.load(sys.stdin):
        try:
            compile(source, "<block>", "exec")
            results.append(None)
        except SyntaxError as e:
            results.append([e.lineno or 1, e.msg or "syntax error"])
    json.dump(results, sys.stdout)
    """

    /// The syntax error of each source, or nil when `python3` cannot be run (the check is skipped).
    @Sendable static func check(_ sources: [String]) -> [(line: Int, message: String)?]? {
        let skipped: [(line: Int, message: String)?]? = nil
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", checker]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard let json = try? JSONSerialization.data(withJSONObject: sources), (try? process.run()) != nil else { return skipped }
        // Write from another thread: a large input would otherwise fill the pipe while python3 waits to be read.
        let writer = Thread {
            input.fileHandleForWriting.write(json)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let results = try? JSONSerialization.jsonObject(with: data) as? [Any], results.count == sources.count else { return skipped }
        return results.map { result in
            guard let pair = result as? [Any], pair.count == 2 else { return nil }
            return ((pair[0] as? Int) ?? 1, (pair[1] as? String) ?? "syntax error")
        }
    }
}
