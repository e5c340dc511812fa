/// The plan as JSON: the SPEC section 4 contract, plus provenance, verification and hashes.
public enum PlanJSON {
    /// Renders `runbook`; `extra` adds top-level fields (pinned hashes, the inventory file) after the contract's.
    public static func render(_ runbook: Runbook, pretty: Bool = true, extra: ((inout JSONWriter) -> Void)? = nil) -> String {
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
            json.array("steps") { json in
                for step in runbook.steps { write(step, &json) }
            }
            json.array("diagnostics") { json in
                for diagnostic in runbook.diagnostics {
                    json.object { json in
                        json.field("severity", diagnostic.severity.rawValue)
                        json.field("code", diagnostic.code)
                        json.field("line", diagnostic.line)
                        json.field("message", diagnostic.message)
                        json.field("hint", diagnostic.hint)
                        if let file = diagnostic.file { json.field("file", file) }
                    }
                }
            }
            extra?(&json)
        }
        return json.text + "\n"
    }

    private static func write(_ step: Step, _ json: inout JSONWriter) {
        json.object { json in
            json.field("id", step.id)
            json.field("section", step.section)
            json.field("line", step.line)
            json.field("lang", step.lang)
            json.field("kind", step.kind.rawValue)
            json.strings("hosts", step.hosts)
            json.field("host_source", step.hostSource.rawValue)
            json.array("host_tags") { json in
                for tag in step.hostTags {
                    json.object { json in
                        json.field("host", tag.host)
                        json.field("source", tag.source.rawValue)
                        json.field("line", tag.line)
                        json.field("evidence", tag.evidence)
                    }
                }
            }
            json.array("commands") { json in
                for command in step.commands {
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
            if let note = step.note { json.field("note", note) }
            json.field("content_hash", step.contentHash)
        }
    }
}
