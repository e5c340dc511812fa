import Foundation

/// The package checkout the tests run in, found from this file's path.
public enum Checkout {
    /// The package's root folder (where Package.swift is).
    public static let root = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Tests/Golden: the committed golden files.
    public static let golden = root.appending(path: "Tests/Golden")

    /// The path of `runbooks/NAME`, a shipped guide or one of its files.
    public static func runbook(_ name: String) -> String {
        root.appending(path: "runbooks/\(name)").path
    }
}
