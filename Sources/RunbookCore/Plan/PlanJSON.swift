/// The plan as JSON: the SPEC section 4 contract, plus provenance, verification and hashes.
public enum PlanJSON {
    /// Renders `plan`; `extra` adds top-level fields (pinned hashes, the inventory file) after the contract's.
    public static func render(_ plan: Plan, pretty: Bool = true, extra: ((inout JSONWriter) -> Void)? = nil) -> String {
        String(decoding: renderBytes(plan, pretty: pretty, extra: extra), as: UTF8.self)
    }

    /// `render` as UTF-8 bytes (ending in a newline), without the copy into a String.
    public static func renderBytes(_ plan: Plan, pretty: Bool = true, extra: ((inout JSONWriter) -> Void)? = nil) -> [UInt8] {
        joined(renderPieces(plan, pretty: pretty, extra: extra))
    }

    /// Pieces from `renderPieces` as one array.
    public static func joined(_ pieces: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces { bytes += piece }
        return bytes
    }

    /// `renderBytes` in pieces to be concatenated in order, as they were written: the steps of a long
    /// plan, rendered in parallel chunks, are handed over without being joined (a copy of nearly all).
    public static func renderPieces(_ plan: Plan, pretty: Bool = true, extra: ((inout JSONWriter) -> Void)? = nil) -> [[UInt8]] {
        let runbook = plan.runbook
        var json = JSONWriter(pretty: pretty)
        json.object { json in
            json.field("runbook", runbook.path)
            json.field("sha256", runbook.sha256)
            json.array("inventory") { json in
                for host in runbook.inventory {
                    json.object { json in
                        json.field("name", host.name)
                        json.field("address", host.address)
                        json.field("role", host.role)
                        json.field("line", host.line)
                    }
                }
            }
            json.array("steps") { json in write(runbook.steps, &json) }
            json.array("diagnostics") { json in
                for diagnostic in plan.diagnostics {
                    json.object { json in
                        json.field("severity", diagnostic.severity.rawValue)
                        json.field("code", diagnostic.code.rawValue)
                        json.field("line", diagnostic.line)
                        json.field("message", diagnostic.message)
                        json.field("hint", diagnostic.hint)
                        if let file = diagnostic.file { json.field("file", file) }
                    }
                }
            }
            extra?(&json)
        }
        return (consume json).finish() + [[UInt8(ascii: "\n")]]
    }

    /// Writes `steps` as elements of the open array; above 2,000 steps, in chunks rendered in parallel.
    static func write(_ steps: [Step], _ json: inout JSONWriter) {
        write(steps, &json, chunks: steps.count > 2_000 ? min(8, steps.count / 1_000) : 1)
    }

    /// Writes `steps` in `chunks` parts rendered concurrently and appended in order: the same bytes as
    /// writing them one after the other, which is what one chunk does.
    static func write(_ steps: [Step], _ json: inout JSONWriter, chunks: Int) {
        guard chunks > 1 else {
            write(steps, 0..<steps.count, &json)
            return
        }
        let template = json.part()
        let parts = Parallel.map(chunks) { chunk in
            var part = template
            write(steps, (chunk * steps.count / chunks)..<((chunk + 1) * steps.count / chunks), &part)
            return part
        }
        for part in parts { json.append(part: part) }
    }

    /// Writes `steps[range]`, each read in place: a `Step` copied out of the array (`for step in
    /// steps`, `steps[index]`) retains and releases each of its strings and arrays, which costs more
    /// than writing the short ones.
    private static func write(_ steps: [Step], _ range: Range<Int>, _ json: inout JSONWriter) {
        steps.forEachInPlace(in: range) { step in write(step, &json) }
    }

    /// `step` is borrowed, so the compiler rejects any copy of it (and of the tags and commands, read
    /// in place too).
    private static func write(_ step: borrowing Step, _ json: inout JSONWriter) {
        json.object { json in
            json.field("id", step.id)
            json.field("section", step.section)
            json.field("line", step.line)
            json.field("lang", step.lang)
            json.field("kind", step.kind.rawValue)
            json.strings("hosts", step.hosts)
            json.field("host_source", step.hostSource.rawValue)
            json.array("host_tags") { json in
                step.hostTags.forEachInPlace { tag in
                    json.object { json in
                        json.field("host", tag.host)
                        json.field("source", tag.source.rawValue)
                        json.field("line", tag.line)
                        json.field("evidence", tag.evidence)
                    }
                }
            }
            json.array("commands") { json in
                step.commands.forEachInPlace { command in
                    json.object { json in
                        json.field("line", command.line)
                        json.field("host", command.host)
                        json.field("text", command.text)
                        json.strings("expect", command.expect)
                        if let prompt = command.prompt { json.field("prompt", prompt) }
                    }
                }
            }
            if let file = step.file {
                json.object("file") { json in
                    json.field("destination", file.destination)
                    json.field("destination_source", file.destinationSource)
                    if file.append { json.field("write", "append") }
                    if let mode = file.mode { json.field("mode", mode) }
                    json.field("source", file.source)
                    json.field("content", file.content)
                }
            }
            if step.runs {
                json.object("verify") { json in
                    json.field("mode", step.verify.mode)
                    json.field("attempts", step.verify.attempts)
                    json.field("every_seconds", step.verify.every)
                    if let timeout = step.verify.timeout { json.field("timeout_seconds", timeout) }
                    json.field("strict", step.verify.strict)
                    json.field("retry_reason", step.verify.retryReason)
                }
            }
            if !step.inherits.isEmpty { json.strings("inherits", step.inherits) }
            if !step.inSession { json.field("session", "fresh") }
            if let note = step.note { json.field("note", note) }
            json.field("content_hash", step.contentHash)
        }
    }
}
