import Foundation
import RunbookCore

/// The files of one run: `journal.jsonl`, `plan.json`, `out/STEP@HOST.log`, `files/`, all 0600/0700.
public struct FileLayout: Sendable {
    public let directory: URL
    public var journal: URL { directory.appendingPathComponent("journal.jsonl") }
    public var plan: URL { directory.appendingPathComponent("plan.json") }
    public var out: URL { directory.appendingPathComponent("out") }
    public var files: URL { directory.appendingPathComponent("files") }
    /// ssh ControlMaster sockets live in a short path (socket paths are limited to ~100 bytes).
    public let control: URL

    public init(directory: URL) {
        self.directory = directory
        control = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("runbook-\(getpid())-\(UInt16.random(in: .min ... .max))")
    }

    func create() throws {
        for folder in [directory.deletingLastPathComponent(), directory, out, files] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw InputError("cannot create the log directory \(folder.path): \(error.localizedDescription)", hint: "pass --log-dir DIR with a writable folder")
            }
        }
    }

    /// `out/1.1_1@29.16.21.73.log`.
    public func log(step: String, host: String) -> URL {
        out.appendingPathComponent("\(Self.safe(step))@\(Self.safe(host)).log")
    }

    func relativeLog(step: String, host: String) -> String {
        let path = log(step: step, host: host).path
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    static func safe(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || "-._".contains($0) ? $0 : "_" })
    }
}
