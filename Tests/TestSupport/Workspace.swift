import Foundation

/// A new empty folder `PREFIX-XXXXXXXX` in the temporary directory.
public func scratchDirectory(_ prefix: String) throws -> URL {
    let directory = URL(filePath: NSTemporaryDirectory()).appending(path: "\(prefix)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// A scratch folder with a guide in it.
public func workspace(guide: String, name: String = "guide.md") throws -> URL {
    let directory = try scratchDirectory("rb-e2e")
    try guide.write(to: directory.appending(path: name), atomically: true, encoding: .utf8)
    return directory
}
