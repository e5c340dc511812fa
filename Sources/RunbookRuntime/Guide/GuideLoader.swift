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
    /// Loads the guide at `path` (exit 2 when it cannot be read).
    public static func load(path: String) throws -> Runbook {
        let bytes = try readFile(path, what: "guide")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let context = GuideContext(
            readFile: { relative in
                var isDirectory: ObjCBool = false
                let url = folder.appendingPathComponent(relative)
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
                return FileManager.default.contents(atPath: url.path).map { [UInt8]($0) }
            },
            pythonSyntaxError: PythonSyntax.check)
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
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("cannot read \(what) \(path): permission denied or unreadable", hint: "check the file's permissions")
        }
        return [UInt8](data)
    }
}

/// Checks Python source with the local `python3` (compile only, nothing runs).
enum PythonSyntax {
    private static let checker = """
    import sys
    try:
        compile(sys.stdin.read(), "<block>", "exec")
    except SyntaxError as e:
        print(e.lineno or 1)
        print(e.msg)
        sys.exit(1)
    """

    @Sendable static func check(_ source: String) -> (line: Int, message: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", checker]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }   // no python3 here: the check is skipped
        input.fileHandleForWriting.write(Data(source.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 1 else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        return (Int(lines.first ?? "1") ?? 1, lines.dropFirst().first.map(String.init) ?? "syntax error")
    }
}
