import Foundation
import Testing
import TestSupport

/// `runbook plan` on every corpus guide (runbooks/examples/): the review reads at 100 columns.
@Suite("corpus guides → plan review")
struct CorpusPlanReviewTests {
    static let guides: [String] = {
        let folder = Checkout.runbook("examples")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
    }()

    /// Display columns, East Asian wide characters counted double.
    static func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v)
            return total + (wide ? 2 : 1)
        }
    }

    /// The lines that are the guide's own text as it runs or is expected: a command (`L12   $ …`) and
    /// its continuation lines, documented output and file content (`│ …`).
    static func isGuideText(_ line: Substring, inCommand: Bool) -> Bool {
        let trimmed = line.drop { $0 == " " }
        if trimmed.hasPrefix("│") { return true }
        if trimmed.first == "L", let dollar = trimmed.range(of: "   $ "), trimmed[..<dollar.lowerBound].dropFirst().allSatisfy(\.isNumber) { return true }
        return inCommand && line.prefix(10).allSatisfy { $0 == " " }
    }

    /// runbook's own words (`verify: …`, host evidence, file provenance) wrap at the review's width;
    /// only the guide's commands and documented output may be longer.
    @Test("no review line over 100 columns but the guide's own commands and output", arguments: guides)
    func width(_ guide: String) throws {
        let result = try CLI.run(["plan", "runbooks/examples/\(guide)"], in: CLI.packageRoot)
        #expect([0, 3].contains(result.status), "\(result.output)")
        var inCommand = false
        for line in result.output.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.first == "L", trimmed.contains("   $ ") { inCommand = true }
            else if !line.prefix(10).allSatisfy({ $0 == " " }) { inCommand = false }
            if Self.isGuideText(line, inCommand: inCommand) { continue }
            #expect(Self.columns(line) <= 100, "\(Self.columns(line)) columns: \(line)")
        }
    }
}
