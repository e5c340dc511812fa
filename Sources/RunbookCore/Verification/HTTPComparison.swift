import Foundation

/// `curl -i` / `curl -I` output: the status code is compared strictly, headers by name in any
/// order, volatile headers ignored, "soft" headers only drift, and the body as text after the blank
/// line. Research §7.2(e).
enum HTTPComparison {
    private static let statusLine = try! NSRegularExpression(pattern: "^HTTP/(\\d(?:\\.\\d)?)\\s+(\\d{3})\\b(.*)$")

    /// Headers whose value is different on every request.
    private static let volatileHeaders: Set<String> = [
        "date", "expires", "last-modified", "age", "etag", "set-cookie", "x-request-id", "x-correlation-id",
        "x-trace-id", "request-id", "traceparent", "tracestate", "x-amzn-trace-id", "x-amz-request-id",
        "cf-ray", "server-timing", "via", "alt-svc", "report-to", "nel", "x-runtime", "x-envoy-upstream-service-time",
    ]
    /// Headers that legitimately change with versions and proxies: a difference is drift.
    private static let softHeaders: Set<String> = [
        "server", "content-length", "connection", "keep-alive", "vary", "transfer-encoding",
    ]

    /// The status code when `line` is an HTTP status line (`HTTP/1.1 200 OK`, `HTTP/2 503`).
    static func statusCode(_ line: String) -> Int? {
        guard let m = statusLine.first(line) else { return nil }
        return Int(line.substring(m.range(at: 2)))
    }

    /// True when the documented output starts like `curl -i` output.
    static func looksLikeHTTP(_ documented: [NumberedLine]) -> Bool {
        documented.first.map { statusCode($0.text) != nil } ?? false
    }

    private struct Response {
        var status: NumberedLine
        var code: Int
        var headers: [NumberedLine]
        var body: [NumberedLine]
    }

    /// Splits lines into status, headers (up to the first blank line) and body. Interim responses
    /// (`100 Continue`, a proxy's `200 Connection established`, redirects followed by `-L`) are
    /// skipped when another response follows, so the final response is the one compared.
    private static func parse(_ lines: [NumberedLine], skipInterim: Bool) -> Response? {
        var start = 0
        while true {
            guard start < lines.count, let code = statusCode(lines[start].text) else { return nil }
            let blank = lines[(start + 1)...].firstIndex { $0.text.isEmpty } ?? lines.count
            let headers = Array(lines[(start + 1)..<blank])
            let body = blank < lines.count ? Array(lines[(blank + 1)...]) : []
            let interim = code < 200 || (300..<400).contains(code) || lines[start].text.lowercased().contains("connection established")
            if skipInterim, interim, let next = body.first, statusCode(next.text) != nil {
                start = blank + 1
                continue
            }
            return Response(status: lines[start], code: code, headers: headers, body: body)
        }
    }

    private static func split(_ header: String) -> (name: String, value: String)? {
        guard let colon = header.firstIndex(of: ":") else { return nil }
        return (header[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    static func compare(documented: [NumberedLine], actual: [NumberedLine], tolerant: Bool) -> Findings {
        var findings = Findings()
        guard let act = parse(actual, skipInterim: true) else {
            findings.failures.append("the actual output is not an HTTP response (first line: \"\(actual.first?.text ?? "")\")")
            findings.diff = LineAlignment.compare(documented: documented, actual: actual,
                                                  policy: .init(unorderedGroups: false, tolerant: false)).diff
            return findings
        }
        guard let doc = parse(documented, skipInterim: false) else {
            // `verify=http` over documented text that is only a body: require a non-error status and
            // compare the documented lines with the body.
            if act.code >= 400 { findings.failures.append("HTTP status \(act.code) (an error status)") }
            findings.notes.append("no documented status line; status \(act.code) accepted because it is below 400")
            findings.absorb(LineAlignment.compare(documented: documented, actual: act.body,
                                                  policy: .init(unorderedGroups: true, tolerant: tolerant)))
            return findings
        }

        // Status: the code is the anchor; the reason phrase and protocol version are not (HTTP/2 prints
        // no reason phrase and curl may negotiate a newer protocol).
        if doc.code == act.code {
            let same = doc.status.text == act.status.text
            findings.diff.append(DiffLine(same ? .equal : .hole, documentedLine: doc.status.number, actualLine: act.status.number,
                                          documented: doc.status.text, actual: act.status.text,
                                          note: same ? nil : "status code \(act.code) matches; protocol/reason differ"))
        } else {
            findings.failures.append("HTTP status \(act.code), documented \(doc.code) (\"\(act.status.text)\")")
            findings.diff.append(DiffLine(.missing, documentedLine: doc.status.number, documented: doc.status.text,
                                          note: "status \(doc.code) expected"))
            findings.diff.append(DiffLine(.extra, actualLine: act.status.number, actual: act.status.text))
        }

        // Headers by name, case-insensitive, any order.
        var actualHeaders: [String: NumberedLine] = [:]
        for line in act.headers { if let (name, _) = split(line.text), actualHeaders[name] == nil { actualHeaders[name] = line } }
        var seen = Set<String>()
        var ignoredVolatile = 0
        for line in doc.headers {
            if Elision.isElision(line.text) {
                findings.diff.append(DiffLine(.elided, documentedLine: line.number, documented: line.text))
                continue
            }
            guard let (name, value) = split(line.text) else {
                findings.drifts.append("documented header line \(line.number) is not `Name: value`: \"\(line.text)\"")
                findings.diff.append(DiffLine(.drift, documentedLine: line.number, documented: line.text, note: "not a header"))
                continue
            }
            seen.insert(name)
            guard let actualLine = actualHeaders[name], let (_, actualValue) = split(actualLine.text) else {
                if volatileHeaders.contains(name) {
                    findings.diff.append(DiffLine(.ignored, documentedLine: line.number, documented: line.text,
                                                  note: "volatile header, not sent today"))
                } else if softHeaders.contains(name) && tolerant {
                    findings.drifts.append("header \(line.text.prefix { $0 != ":" }) not sent today")
                    findings.diff.append(DiffLine(.missing, documentedLine: line.number, documented: line.text, note: "soft header"))
                } else {
                    findings.failures.append("header missing: \"\(line.text)\" (documented line \(line.number))")
                    findings.diff.append(DiffLine(.missing, documentedLine: line.number, documented: line.text))
                }
                continue
            }
            if volatileHeaders.contains(name) {
                ignoredVolatile += 1
                findings.holes.append(HoleMatch(kind: "header", documented: value, actual: actualValue,
                                                documentedLine: line.number, actualLine: actualLine.number))
                findings.diff.append(DiffLine(.hole, documentedLine: line.number, actualLine: actualLine.number,
                                              documented: line.text, actual: actualLine.text,
                                              note: "volatile header ignored; was \"\(value)\", got \"\(actualValue)\""))
                continue
            }
            let pattern = LinePattern(value)
            if let values = pattern.match(actualValue) {
                for (hole, v) in zip(pattern.holes, values) {
                    findings.holes.append(HoleMatch(kind: hole.kind.rawValue, documented: hole.documented, actual: v,
                                                    documentedLine: line.number, actualLine: actualLine.number))
                }
                let same = value == actualValue && line.text == actualLine.text
                findings.diff.append(DiffLine(same ? .equal : .hole, documentedLine: line.number, actualLine: actualLine.number,
                                              documented: line.text, actual: actualLine.text))
            } else if softHeaders.contains(name) {
                let message = "header \(line.text.prefix { $0 != ":" }) was \"\(value)\", got \"\(actualValue)\""
                if tolerant { findings.drifts.append(message) } else { findings.failures.append(message) }
                findings.diff.append(DiffLine(.drift, documentedLine: line.number, actualLine: actualLine.number,
                                              documented: line.text, actual: actualLine.text, note: "soft header"))
            } else {
                findings.failures.append("header \(line.text.prefix { $0 != ":" }) was \"\(value)\", got \"\(actualValue)\"")
                findings.diff.append(DiffLine(.missing, documentedLine: line.number, documented: line.text))
                findings.diff.append(DiffLine(.extra, actualLine: actualLine.number, actual: actualLine.text))
            }
        }
        // Undocumented headers are normal: guides show a few; curl prints them all.
        for line in act.headers where split(line.text).map({ !seen.contains($0.name) }) ?? true {
            findings.diff.append(DiffLine(.ignored, actualLine: line.number, actual: line.text, note: "header not documented"))
        }
        if ignoredVolatile > 0 { findings.notes.append("\(ignoredVolatile) volatile header(s) ignored") }

        // Body: compared only when the guide shows one (many guides stop after the headers).
        let docBody = doc.body.filter { !$0.text.isEmpty }
        if docBody.isEmpty || docBody.allSatisfy({ Elision.isElision($0.text) }) {
            for line in docBody { findings.diff.append(DiffLine(.elided, documentedLine: line.number, documented: line.text)) }
            for line in act.body {
                findings.diff.append(DiffLine(.ignored, actualLine: line.number, actual: line.text, note: "body not documented"))
            }
            if !act.body.isEmpty { findings.notes.append("response body not documented; not compared") }
        } else {
            findings.absorb(LineAlignment.compare(documented: OutputNormalizer.trimBlankEdges(doc.body),
                                                  actual: OutputNormalizer.trimBlankEdges(act.body),
                                                  policy: .init(unorderedGroups: tolerant, tolerant: tolerant)))
        }
        return findings
    }
}
