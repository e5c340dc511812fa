/// The one-line form of a diagnostic that `lint` prints and `run` prints when it refuses:
/// `FILE:LINE: severity: [code] message` and, on the next line, `  hint: …`.
/// (The plan review lists diagnostics in its own layout, beside their steps.)
public enum DiagnosticFormat {
    /// `diagnostic` as two lines without a final newline; `file` names the guide when the
    /// diagnostic is not about another file (an inventory, say).
    public static func line(_ diagnostic: Diagnostic, file: String) -> String {
        // The code is interpolated, not read as a String, so that any `CustomStringConvertible` code reads the same.
        "\(diagnostic.file ?? file):\(diagnostic.line): \(diagnostic.severity.rawValue): [\(diagnostic.code)] \(diagnostic.message)\n  hint: \(diagnostic.hint)"
    }
}
