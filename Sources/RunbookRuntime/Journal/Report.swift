import Foundation
import RunbookCore

/// `runbook report RUN --html FILE`: the guide re-rendered by libcmark with each block's per-host
/// verdicts, durations and output inline, in one self-contained file (no external assets).
public enum Report {
    /// Output kept per (step, host) in the report; the log file keeps everything.
    static let outputLimit = 16 * 1024

    public static func html(runDirectory: URL, guideText: String, redactor: Redactor) throws -> String {
        let journal = try JournalReader.read(runDirectory.appendingPathComponent("journal.jsonl"))
        let start = journal.events("run-start").first
        let end = journal.events("run-end").last
        let pairs = RunStore.pairs(in: journal)
        var byLine: [Int: [PairRecord]] = [:]
        for pair in pairs where pair.line > 0 { byLine[pair.line, default: []].append(pair) }
        var inserts: [Int: String] = [:]
        for (line, pairs) in byLine {
            var html = "<div class=\"rb-result\"><table><tr><th>step</th><th>host</th><th>verdict</th><th>exit</th><th>attempts</th><th>duration</th></tr>"
            for pair in pairs {
                html += "<tr class=\"rb-\(Self.cssClass(pair.status))\" data-step=\"\(HTMLRenderer.escape(pair.step))\" data-host=\"\(HTMLRenderer.escape(pair.host))\" data-status=\"\(pair.status)\">"
                html += "<td>\(HTMLRenderer.escape(pair.step))</td><td>\(HTMLRenderer.escape(pair.host))</td><td class=\"rb-status\">\(pair.status)</td>"
                html += "<td>\(pair.exit ?? "–")</td><td>\(pair.attempts ?? "–")</td><td>\(pair.duration.map { $0 + " s" } ?? "–")</td></tr>"
            }
            html += "</table>"
            for pair in pairs {
                let log = runDirectory.appendingPathComponent("out").appendingPathComponent("\(FileLayout.safe(pair.step))@\(FileLayout.safe(pair.host)).log")
                guard let output = Self.head(of: log) else { continue }
                html += "<details><summary>output of \(HTMLRenderer.escape(pair.step)) on \(HTMLRenderer.escape(pair.host))</summary><pre>\(HTMLRenderer.escape(redactor.mask(output)))</pre></details>"
            }
            inserts[line] = html + "</div>"
        }
        // The guide itself holds secrets too (the YAML block's secretAccessKey): masked like the rest.
        let body = redactor.mask(HTMLRenderer.render(guideText, insertingAfter: inserts))
        let counts = Dictionary(grouping: pairs, by: \.status).mapValues(\.count).sorted { $0.key < $1.key }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let title = HTMLRenderer.escape("runbook report · \(start?["runbook"] ?? "?") · run \(runDirectory.lastPathComponent)")
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
        <style>
        body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1b1b1b}
        pre{background:#f6f8fa;padding:.7em;overflow:auto;font-size:13px}
        code{font-size:13px}
        .rb-header{border:1px solid #ccc;padding:.6em 1em;margin-bottom:1.5em;background:#fafafa}
        .rb-result{border-left:4px solid #888;margin:.3em 0 1.4em;padding:.2em .8em;background:#fcfcfc}
        .rb-result table{border-collapse:collapse;font-size:13px}
        .rb-result td,.rb-result th{padding:.15em .7em;text-align:left;border-bottom:1px solid #eee}
        .rb-ok .rb-status{color:#137333;font-weight:bold}.rb-drift .rb-status{color:#b06000;font-weight:bold}
        .rb-failed .rb-status,.rb-unreachable .rb-status,.rb-interrupted .rb-status,.rb-unknown .rb-status{color:#c5221f;font-weight:bold}
        .rb-done .rb-status,.rb-skipped .rb-status{color:#666}
        </style></head><body>
        <div class="rb-header"><strong>\(title)</strong><br>
        operator \(HTMLRenderer.escape(start?["operator"] ?? "?"))@\(HTMLRenderer.escape(start?["control_host"] ?? "?")) ·
        started \(HTMLRenderer.escape(start?["time"] ?? "?")) · ended \(HTMLRenderer.escape(end?["time"] ?? "— (no end record)")) ·
        result <strong id="rb-result">\(HTMLRenderer.escape(end?["result"] ?? "unfinished"))</strong> · \(HTMLRenderer.escape(counts))<br>
        guide sha256 \(HTMLRenderer.escape(start?["runbook_sha256"] ?? "?")) · journal \(journal.problems.isEmpty ? "chain intact" : HTMLRenderer.escape(journal.problems.joined(separator: "; ")))
        </div>
        \(body)
        </body></html>

        """
    }

    private static func cssClass(_ status: String) -> String {
        status.allSatisfy { $0.isLetter } ? status : "unknown"
    }

    private static func head(of log: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: log) else { return nil }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: outputLimit + 1)) ?? Data()
        var text = String(decoding: data.prefix(outputLimit), as: UTF8.self)
        if data.count > outputLimit { text += "\n… (cut; the whole output is in \(log.lastPathComponent))" }
        return text
    }
}
