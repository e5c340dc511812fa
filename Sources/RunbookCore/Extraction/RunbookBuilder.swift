import Crypto
import Foundation

/// What the pure core needs to know about the world around a guide, supplied by the caller.
public struct GuideContext: Sendable {
    /// The bytes of a file named relative to the guide's folder, or nil when there is none.
    public var readFile: @Sendable (String) -> [UInt8]?
    /// For each Python source, its syntax error as (1-based line within the source, message), or nil;
    /// nil for all when they could not be checked (no `python3`). Called once with every Python block.
    public var pythonSyntaxErrors: @Sendable ([String]) -> [(line: Int, message: String)?]?
    /// The names of the inventory the guide is read against (`plan -i`, `run`): its hosts and groups,
    /// which bind the guide's scope words (`on each etcd node`); nil without one.
    public var inventory: InventoryNames?

    public init(readFile: @escaping @Sendable (String) -> [UInt8]?,
                pythonSyntaxErrors: @escaping @Sendable ([String]) -> [(line: Int, message: String)?]? = { $0.map { _ in nil } },
                inventory: InventoryNames? = nil) {
        self.readFile = readFile
        self.pythonSyntaxErrors = pythonSyntaxErrors
        self.inventory = inventory
    }

    /// A context whose files exist (empty) when `fileExists` says so.
    public init(fileExists: @escaping @Sendable (String) -> Bool = { _ in true },
                pythonSyntaxErrors: @escaping @Sendable ([String]) -> [(line: Int, message: String)?]? = { $0.map { _ in nil } },
                inventory: InventoryNames? = nil) {
        self.init(readFile: { fileExists($0) ? [] : nil }, pythonSyntaxErrors: pythonSyntaxErrors, inventory: inventory)
    }

    /// True when a path relative to the guide's folder names an existing file.
    public func fileExists(_ path: String) -> Bool { readFile(path) != nil }
}

/// Turns a guide's bytes into a `Runbook`: steps, host facts and diagnostics. Pure.
public enum RunbookBuilder {
    /// How long checks under a verification heading keep trying, by default.
    public static let defaultRetry = VerifyPolicy(attempts: 30, every: 2, timeout: 30)

    static let verificationHeading = try! NSRegularExpression(pattern: #"验证|检查|健康|(?i:verif|check|health|smoke test)"#)
    static let verificationWords = ByteWords(["验证", "检查", "健康", "verif", "check", "health", "smoke test"])
    /// Characters that case-insensitive matching folds into ASCII letters (ſ, K, ß, ﬀ…ﬆ): a title with one
    /// is left to the regular expression.
    static let foldingTraps = ByteWords(["ſ", "\u{212A}", "ß", "\u{FB00}", "\u{FB01}", "\u{FB02}", "\u{FB03}", "\u{FB04}", "\u{FB05}", "\u{FB06}"])

    /// True when a section title says its checks verify something (`验证`, `Health check`).
    static func isVerificationTitle(_ title: String) -> Bool {
        let bytes = Array(title.utf8)
        if verificationWords.occur(in: bytes) { return true }
        guard foldingTraps.occur(in: bytes) else { return false }
        return verificationHeading.firstMatch(in: title, range: NSRange(location: 0, length: (title as NSString).length)) != nil
    }

    /// The leading section number of a heading (`2.1` of `2.1. 部署`), if it has one.
    static func sectionNumber(_ title: String) -> String? {
        // By bytes when the digits and dots end at an ASCII byte (then each is a character of its own).
        let utf8 = title.utf8
        let end = utf8.firstIndex { !(($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".")) } ?? utf8.endIndex
        if end == utf8.endIndex || utf8[end] < 0x80 {
            let number = title[..<end]
            let trimmed = number.hasSuffix(".") ? number.dropLast() : number
            guard let first = trimmed.utf8.first, first != UInt8(ascii: ".") else { return nil }
            return String(trimmed)
        }
        let number = title.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let trimmed = number.hasSuffix(".") ? number.dropLast() : number
        guard !trimmed.isEmpty, trimmed.first!.isNumber else { return nil }
        return String(trimmed)
    }

    /// Lowercase hex sha256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).hexString }

    /// Reads `bytes` (the guide at `path`) into a runbook.
    public static func build(path: String, bytes: [UInt8], context: GuideContext = GuideContext()) -> Runbook {
        // The guide's hash needs nothing else: on a large guide it is taken beside the parse.
        let sha = bytes.count < 1 << 20 ? nil : Background { sha256Hex(bytes) }
        var builder = Builder(document: MarkdownParser.parse(bytes), context: context)
        builder.run()
        var steps = builder.steps
        builder.steps = []
        let sessions = SessionAnalysis.analyzeWithPlaceholders(&steps)
        let placeholders = Placeholders.find(in: steps, variables: sessions.placeholders)
        let unset = sessions.diagnostics + placeholders.diagnostics
        let hashes = Builder.contentHashes(steps)
        for index in steps.indices { steps[index].contentHash = hashes[index] }
        var runbook = Runbook(path: path, sha256: sha?.value ?? sha256Hex(bytes), inventory: builder.inventory,
                              steps: steps, diagnostics: (builder.diagnostics + unset).sorted { ($0.line, $0.severity) < ($1.line, $1.severity) })
        runbook.placeholders = placeholders.placeholders
        // The parsed document (strings of every block) is freed on another thread: nobody waits for that.
        if builder.document.blocks.count > 4_096 { releaseInBackground(builder) }
        return runbook
    }
}

private struct Section {
    var title = ""
    var key = ""
    var ordinal = 0
    var isVerification = false
    var annotation: Annotation?
    var prose: [Prose] = []
    /// Relative links in the section's prose, with their lines.
    var links: [(path: String, line: Int)] = []
    /// True until a code block follows the latest prose block.
    var proseIsAdjacent = false
    /// What the prose since the latest code block (or that block's editor command) says the next block is.
    var fileIntent: FileIntent?
    /// Prose since the latest code block that labels the next block as output.
    var outputLabel: (line: Int, text: String)?
}

/// A heading over the current block: its level and line, what it says about where its blocks run,
/// and the scope its section's prose states for the section.
private struct HeadingEntry {
    var level: Int
    var line: Int
    var scope: ScopeStatement?
    var sectionScope: ScopeStatement?
}

/// A step whose hosts are decided at the end of the guide, with what the rules see of it.
private struct PendingHosts {
    var index: Int
    var input: HostRuleInput
}

private struct Builder {
    let document: Document
    let context: GuideContext
    var inventory: [InventoryHost] = []
    var steps: [Step] = []
    var diagnostics: [Diagnostic] = []
    var finder = HostFinder(inventory: [], subnet: nil)
    var section = Section()
    var usedKeys: [String: Int] = [:]
    var pending: Annotation?
    var previousWasHeading = false
    var reportedMissing = Set<String>()
    /// Code blocks (by line) that are host tables, found once by `collectInventory`, with their hosts.
    var tableLines = Set<Int>()
    var tablesByLine: [Int: [String]] = [:]
    /// Hosts of the tables met so far, in document order (for "上述11个节点").
    var tablesSoFar: [[String]] = []
    /// The headings over the current block, outermost first, with what each (and its section's
    /// prose) says about where its blocks run.
    var headings: [HeadingEntry] = []
    /// The line of the document's title (its first heading, when every other heading is deeper).
    var titleLine: Int?
    /// The scope stated for the document so far.
    var documentScope: ScopeStatement?
    /// Scopes stated after the blocks they cover, with the first line they reach back to.
    var afterScopes: [(statement: ScopeStatement, from: Int)] = []
    /// Where the guide first names a machine other than the control machine.
    var remote: (line: Int, evidence: String)?
    /// Machines the guide named in the blocks so far (`NAME_1=machine-1`).
    var guideNames = GuideNames()
    /// Steps whose hosts are decided again once the whole guide is read (a scope may be stated after them).
    var pendingHosts: [PendingHosts] = []
    /// Diagnostics of host decisions already reported (one statement may decide many steps).
    var said = Set<String>()
    /// The role headings each prompt host decided steps under: (heading, step id, line, hosts).
    var promptHeadings: [String: [(heading: ScopeStatement, id: String, line: Int, hosts: String)]] = [:]
    var resolver: ScopeResolver { ScopeResolver(finder: finder, inventory: context.inventory) }

    init(document: Document, context: GuideContext) {
        self.document = document
        self.context = context
    }

    mutating func run() {
        collectInventory()
        let facts = BlockFacts.stream(document, finder: finder, context: context)
        for (index, block) in document.blocks.enumerated() { read(block, facts[index]) }
        if pending != nil { danglingAnnotation() }
        decideHosts()
    }

    /// The in-order pass over one block.
    mutating func read(_ block: Block, _ facts: BlockFacts) {
        switch block.kind {
        case .heading(let level):
            startSection(block, level: level, facts)
            addProse(block, facts)
            previousWasHeading = true
            return
        case .paragraph:
            addProse(block, facts)
            if pending != nil { danglingAnnotation() }
        case .html:
            var found = diagnostics
            if let annotation = Annotation.parse(block.text, line: block.line, diagnostics: &found) {
                if previousWasHeading { section.annotation = annotation } else { pending = annotation }
            }
            diagnostics = found
            previousWasHeading = false
            return
        case .code(let code):
            addStep(block, code, facts)
            pending = nil
        }
        previousWasHeading = false
    }

    // MARK: Inventory

    mutating func collectInventory() {
        var seen = Set<String>()
        var firstHeading: (line: Int, level: Int)?
        var titleHolds = true
        for block in document.blocks {
            if case .heading(let level) = block.kind {
                if let first = firstHeading { if level <= first.level { titleHolds = false } } else { firstHeading = (block.line, level) }
            }
            var hosts: [InventoryHost]? = nil
            if case .code(let code) = block.kind {
                hosts = InventoryTable.parseASCII(code.literal, firstLine: block.line + (code.fenced ? 1 : 0))
                if let hosts { tableLines.insert(block.line); tablesByLine[block.line] = hosts.map(\.address) }
            } else if block.kind == .paragraph, block.text.containsByte(UInt8(ascii: "|")),
                      block.endLine <= document.lines.count {
                hosts = InventoryTable.parsePipe(Array(document.lines[(block.line - 1)..<block.endLine]), firstLine: block.line)
                if let hosts { tablesByLine[block.line] = hosts.map(\.address) }
            }
            for host in hosts ?? [] where seen.insert(host.address).inserted {
                inventory.append(host)
            }
        }
        if titleHolds { titleLine = firstHeading?.line }
        if let host = inventory.first { remote = (host.line, "\(host.name) \(host.address)") }
        // The guide's own subnet, for `80节点`: from its tables, else from the addresses its prose names.
        var addresses = inventory.map(\.address)
        if addresses.isEmpty {
            let plain = HostFinder(inventory: [], subnet: nil)
            for block in document.blocks where block.kind == .paragraph || isHeading(block) {
                addresses += plain.mentions(in: block.text).flatMap(\.hosts)
            }
        }
        finder = HostFinder(inventory: inventory, subnet: HostFinder.dominantSubnet(addresses: addresses))
    }

    // MARK: Sections and prose

    mutating func startSection(_ block: Block, level: Int, _ facts: BlockFacts) {
        headings.removeAll { $0.level >= level }
        headings.append(HeadingEntry(level: level, line: block.line, scope: facts.headingScope))
        if let scope = facts.headingScope { noteRemote(scope) }
        let title = block.text
        var key = RunbookBuilder.sectionNumber(title) ?? RunbookBuilder.slug(title)
        if key.isEmpty { key = "s\(block.line)" }
        usedKeys[key, default: 0] += 1
        if let n = usedKeys[key], n > 1 { key += "~\(n)" }
        section = Section(title: title, key: key, isVerification: RunbookBuilder.isVerificationTitle(title))
        pending = nil
    }

    mutating func addProse(_ block: Block, _ facts: BlockFacts) {
        if let table = tablesByLine[block.line] { tablesSoFar.append(table) }
        for link in block.links where Self.isRelativeFile(link) {
            let path = Self.stripFragment(link)
            section.links.append((path, block.line))
            if !context.fileExists(path), reportedMissing.insert(path).inserted {
                diagnostics.append(Diagnostic(.missingFile, line: block.line,
                    "the guide links `\(link)`, which does not exist next to the guide",
                    hint: "add the file at \(path) relative to the guide, or fix the link"))
            }
        }
        diagnostics += facts.countErrors
        if block.kind == .paragraph { readStatements(facts) }
        if let first = facts.mentions.first, remote == nil { remote = (block.line, first.evidence) }
        section.prose.append(Prose(line: block.line, mentions: facts.mentions, scope: facts.proseWhere))
        section.proseIsAdjacent = true
        if facts.labelsOutput {
            let text = block.text.trimmingSpaces()
            // The label ends the paragraph: quote its end.
            section.outputLabel = (block.line, text.count > 40 ? "…" + String(text.suffix(39)) : text)
        }
        if let sentence = facts.fileSentence {
            section.fileIntent = FileIntent(destination: sentence.path, append: sentence.append, mode: sentence.mode,
                                            source: "prose L\(block.line) “\(sentence.evidence)”")
        }
        if !facts.uploads.isEmpty { addUploads(block, facts.uploads) }
    }

    // MARK: Scopes

    /// Keeps what a paragraph states for the document, its section, or the blocks above it.
    mutating func readStatements(_ facts: BlockFacts) {
        for statement in facts.statements {
            noteRemote(statement)
            switch statement.reach {
            case .here:
                break
            case .document:
                documentScope = statement
            case .section:
                if headings.isEmpty { documentScope = statement } else { headings[headings.count - 1].sectionScope = statement }
            case .above:
                // Back to the enclosing section's start (its parent's, from a subsection that is not
                // directly under the title), never past the previous such statement.
                var from = headings.last?.line ?? 0
                if headings.count >= 2, headings[headings.count - 2].line != titleLine { from = headings[headings.count - 2].line }
                if let previous = afterScopes.last { from = max(from, previous.statement.line) }
                afterScopes.append((statement, from))
            }
        }
    }

    /// Remembers the first statement that names (or speaks of) a machine other than the control machine.
    mutating func noteRemote(_ statement: ScopeStatement) {
        guard remote == nil else { return }
        switch statement.target {
        case .hosts(let mentions) where mentions.contains(where: { $0.hosts.contains { $0 != "local" } }): remote = (statement.line, statement.evidence)
        case .open: remote = (statement.line, statement.evidence)
        default: break
        }
    }

    /// Decides again, now that the whole guide is read, the hosts of the steps whose rule reads ahead
    /// (a scope stated after the block; whether the guide names other machines anywhere).
    mutating func decideHosts() {
        for position in pendingHosts.indices {
            let index = pendingHosts[position].index
            let line = steps[index].line
            if !afterScopes.isEmpty {
                pendingHosts[position].input.after = afterScopes.first { $0.statement.line > line && $0.from <= line }?.statement
            }
            pendingHosts[position].input.remote = remote
            let input = pendingHosts[position].input
            var step = steps[index]
            apply(HostRules.decide(input), to: &step, input)
            steps[index] = step
        }
        pendingHosts = []
        // One prompt host under blocks of different role headings, with nothing else to tell them apart.
        for (name, uses) in promptHeadings.sorted(by: { $0.key < $1.key }) {
            guard let first = uses.first else { continue }
            for use in uses where use.heading.line != first.heading.line && use.heading.evidence != first.heading.evidence {
                diagnostics.append(Diagnostic(.ambiguousPromptHost, line: use.line,
                    "the prompt host `\(name)` runs step \(use.id) under heading “\(use.heading.evidence)” (L\(use.heading.line)) and step \(first.id) under “\(first.heading.evidence)” (L\(first.heading.line)): one name for the machines of two headings, so both run on `\(use.hosts)`"))
            }
        }
    }

    /// Gives `step` the hosts `decision` decided, with what comes with them: its diagnostics (each
    /// said once, however many steps take hosts from one statement), the notes for commands that reach
    /// other hosts themselves, and what the prompt-host check needs.
    mutating func apply(_ decision: HostDecision, to step: inout Step, _ input: HostRuleInput) {
        diagnostics += decision.diagnostics.filter { said.insert("\($0.code) \($0.line) \($0.message)").inserted }
        if let commands = decision.commands { step.commands = commands }
        assign(&step, decision.tags, decision.source, also: decision.also)
        if decision.source == .prompt, let heading = input.heading, let shell = input.shell {
            for name in shell.promptHosts.map(\.name).uniqued() {
                promptHeadings[name, default: []].append((heading, step.id, step.line, step.hosts.joined(separator: ", ")))
            }
        }
        for command in input.shell?.remoteCommands ?? [] {
            let own = step.commands.filter { $0.line == command.commandLine }.compactMap(\.host)
            let on = own.isEmpty ? step.hosts : own
            let hosts = on.isEmpty ? "no host yet" : on.joined(separator: ", ")
            diagnostics.append(Diagnostic(.remoteCommand, line: command.line,
                "`\(command.tool)` at L\(command.line) runs on \(hosts) and reaches `\(command.target)` from there: what it does on `\(command.target)` is part of this step (no session, host binding or verification of its own there)"))
        }
    }

    // MARK: Uploads named in prose

    /// One upload step per sentence that tells the reader to put a file on hosts, where it stands.
    mutating func addUploads(_ block: Block, _ uploads: [UploadSentence]) {
        let annotation = pending ?? section.annotation
        for upload in uploads {
            pending = nil
            section.ordinal += 1
            let source = resolveSource(upload.source)
            let name = Self.basename(source)
            let destination = upload.directory.map { $0 + "/" + name } ?? name
            var step = Step(id: "\(section.key)/\(section.ordinal)", section: section.title, line: block.line, lang: "",
                            kind: .upload, hosts: [], hostSource: .prose, hostTags: [], commands: [])
            let bytes = context.readFile(source)
            step.file = FileSpec(destination: destination, content: String(decoding: bytes ?? [], as: UTF8.self), source: source,
                                 destinationSource: upload.directory.map { "prose L\(block.line) “\($0)”" }
                                    ?? "prose L\(block.line) names no folder: the login directory")
            if let annotation, let value = annotation.values["hosts"] {
                assign(&step, AnnotationHostRule.hosts(in: value, finder: finder).map { HostTag(host: $0, source: .annotation, line: annotation.line, evidence: value) }, .annotation)
            } else if !upload.mentions.isEmpty {
                assign(&step, upload.mentions.flatMap { m in m.hosts.map { HostTag(host: $0, source: .prose, line: block.line, evidence: m.evidence) } }, .prose)
            } else if let phrase = upload.hostPhrase, upload.pointsBack, let count = upload.phraseCount,
                      let table = tablesSoFar.last(where: { Set($0).count == count }) {
                assign(&step, table.map { HostTag(host: $0, source: .prose, line: block.line, evidence: "\(phrase) → the \(count) hosts of the table above") }, .prose)
            } else {
                diagnostics.append(Diagnostic(.unresolvedUpload, line: block.line,
                    "the guide says to upload `\(upload.source)` to \(upload.hostPhrase.map { "“\($0)”" } ?? "hosts it does not name"), which names no hosts runbook can resolve here; not run",
                    hint: "pin them with <!-- runbook: hosts=… --> right before this paragraph"))
                step.kind = .skipped
                step.note = "not run: upload of \(upload.source) — no hosts resolved"
            }
            if step.kind == .upload, bytes == nil {
                diagnostics.append(Diagnostic(.missingFile, severity: .error, line: block.line,
                    "the upload of `\(upload.source)` needs \(source), which does not exist next to the guide",
                    hint: "add the file at \(source) relative to the guide, or fix the sentence"))
            }
            steps.append(step)
        }
    }

    /// A file named in prose, as a path relative to the guide: a bare name matches a linked file's name.
    func resolveSource(_ written: String) -> String {
        if written.contains("/") { return Self.stripFragment(written) }
        for block in document.blocks {
            for link in block.links where Self.isRelativeFile(link) && Self.basename(Self.stripFragment(link)) == written {
                return Self.stripFragment(link)
            }
        }
        return written
    }

    // MARK: Steps

    mutating func addStep(_ block: Block, _ code: CodeBlock, _ facts: BlockFacts) {
        if let table = tablesByLine[block.line] { tablesSoFar.append(table) }
        section.ordinal += 1
        let annotation = pending ?? section.annotation
        let adjacentProse = section.proseIsAdjacent ? section.prose.last : nil
        section.proseIsAdjacent = false
        let reading: BlockReading
        do {
            // The steps so far, for one rule's question; released before `steps` grows (no copy).
            let earlier = steps
            reading = BlockRules.read(BlockRuleInput(block: block, code: code, facts: facts, annotation: annotation,
                                                     isHostTable: tableLines.contains(block.line), fileIntent: section.fileIntent,
                                                     outputLabel: section.outputLabel, followsCommand: followsCommand,
                                                     writtenBefore: { path in Self.writes(earlier, path) }))
        }
        section.fileIntent = reading.opens
        section.outputLabel = nil
        if reading.documentsOutput, let last = steps.indices.last, let command = steps[last].commands.indices.last {
            var lines = code.literal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while lines.last?.isEmpty == true { lines.removeLast() }
            steps[last].commands[command].expect = lines
            steps[last].outputBlock = block.line
        }
        diagnostics += reading.diagnostics
        var step = Step(id: "\(section.key)/\(section.ordinal)", section: section.title, line: block.line, lang: code.language,
                        kind: reading.kind, hosts: [], hostSource: .default, hostTags: [], commands: reading.commands, file: reading.file)
        step.note = reading.note
        step.inferred = reading.inferred
        step.inSession = annotation?.values["session"] != "fresh"
        var shell = reading.shell
        if let read = shell {
            if !read.promptHosts.isEmpty || !read.commentTags.isEmpty, remote == nil {
                remote = (read.commentTags.first?.line ?? read.promptHosts[0].line, read.commentTags.first?.evidence ?? read.promptHosts[0].prompt)
            }
        }
        if reading.actsOnHosts {
            if let read = shell {
                // Comments that name machines the guide defined earlier open segments; the others warn.
                let resolved = HostComments.resolve(read, names: guideNames, resolver: resolver)
                diagnostics += resolved.diagnostics
                if resolved.shell.commentTags != read.commentTags { step.commands = resolved.shell.commands }
                shell = resolved.shell
            }
            applyVerification(&step, annotation: annotation)
            checkFileMismatch(step, links: section.links)
            let input = hostInput(step, shell: shell, annotation: annotation, adjacentProse: adjacentProse)
            let (decision, rung) = HostRules.decideWithRung(input)
            if rung >= HostRules.firstReadingAhead {
                pendingHosts.append(PendingHosts(index: steps.count, input: input))
            } else {
                apply(decision, to: &step, input)
            }
        }
        if let read = shell { guideNames.add(read.assignments) }
        steps.append(step)
    }

    /// True when the latest step is in this section and runs a command with no documented output yet.
    var followsCommand: Bool {
        guard let last = steps.last, last.id.hasPrefix(section.key + "/"), last.kind == .script || last.kind == .transcript,
              last.note == nil, let command = last.commands.last else { return false }
        return command.expect.isEmpty
    }

    /// True when one of `steps` writes `path` as a file step or names it in a command.
    static func writes(_ steps: [Step], _ path: String) -> Bool {
        steps.contains { step in step.file?.destination == path || step.commands.contains { $0.text.contains(path) } }
    }

    /// What the host rules see of `step` here (the scopes stated after it are added at the end).
    func hostInput(_ step: Step, shell: ShellBlock?, annotation: Annotation?, adjacentProse: Prose?) -> HostRuleInput {
        let prose = adjacentProse?.speaks == true ? adjacentProse : section.prose.last(where: \.speaks)
        let proseTags = prose.map { p in
            p.mentions.flatMap { m in m.hosts.map { HostTag(host: $0, source: .prose, line: p.line, evidence: m.evidence) } }
        } ?? []
        var input = HostRuleInput(step: step, shell: shell, annotation: annotation, adjacentProse: adjacentProse,
                                  proseTags: proseTags, sectionTitle: section.title, finder: finder)
        input.prose = prose
        input.heading = headings.last(where: { $0.scope != nil })?.scope
        input.sectionScope = headings.last(where: { $0.sectionScope != nil })?.sectionScope
        input.documentScope = documentScope
        input.names = guideNames
        input.resolver = resolver
        return input
    }

    func assign(_ step: inout Step, _ tags: [HostTag], _ source: HostSource, also: [HostTag] = []) {
        step.hosts = tags.filter { $0.source != .unresolved }.map(\.host).uniqued()
        step.hostSource = source
        step.hostTags = tags + also.filter { tag in !tags.contains { $0.line == tag.line && $0.host == tag.host } }
    }

    mutating func applyVerification(_ step: inout Step, annotation: Annotation?) {
        guard step.kind == .transcript || step.kind == .script || step.kind == .python else { return }
        var policy = VerifyPolicy()
        if section.isVerification {
            policy = RunbookBuilder.defaultRetry
            policy.retryReason = "verification heading “\(section.title)”"
        }
        if let annotation {
            let values = annotation.values
            if let mode = values["verify"] { policy.mode = mode }
            if let retry = values["retry"].flatMap(Int.init) {
                policy.attempts = retry
                policy.retryReason = "annotation L\(annotation.line)"
            }
            if let every = values["every"].flatMap(Annotation.seconds) { policy.every = every }
            if let timeout = values["timeout"].flatMap(Annotation.seconds) { policy.timeout = timeout }
            if values["strict"] != nil { policy.strict = true }
            if let body = annotation.expectBody, !body.isEmpty, !step.commands.isEmpty {
                for index in step.commands.indices where step.commands[index].line == step.commands.last!.line {
                    step.commands[index].expect = body
                }
            }
        }
        step.verify = policy
    }

    /// A command that uses a file the section does not link, while a linked file of the same kind goes unused.
    /// `links` are the relative links of the section's prose before the step.
    mutating func checkFileMismatch(_ step: Step, links sectionLinks: [(path: String, line: Int)]) {
        guard step.runs, !sectionLinks.isEmpty else { return }
        let linkedNames = Set(sectionLinks.map { Self.basename($0.path) })
        let uses = step.commands.flatMap { c in Self.fileTokens(c.text).map { (file: $0, line: c.line) } }
        let used = Set(uses.map { Self.basename($0.file) })
        for (file, line) in uses where !linkedNames.contains(Self.basename(file)) {
            let ext = (file as NSString).pathExtension
            let unused = sectionLinks.filter { link in
                (link.path as NSString).pathExtension == ext && !used.contains(Self.basename(link.path))
            }
            guard let candidate = unused.first else { continue }
            diagnostics.append(Diagnostic(.fileMismatch, line: step.line,
                "the command at L\(line) uses `\(file)`, but the section links `\(candidate.path)` (L\(candidate.line)) and never uses it",
                hint: "did you mean `\(Self.basename(candidate.path))`? fix the command or the link"))
        }
    }

    func isHeading(_ block: Block) -> Bool {
        if case .heading = block.kind { return true }
        return false
    }

    mutating func danglingAnnotation() {
        guard let annotation = pending else { return }
        diagnostics.append(Diagnostic(.danglingAnnotation, line: annotation.line,
            "this annotation is not followed by a code block, so it applies to nothing"))
        pending = nil
    }

    // MARK: Helpers


    static func isRelativeFile(_ link: String) -> Bool {
        !link.isEmpty && !link.hasPrefix("#") && !link.contains("://") && !link.hasPrefix("mailto:") && !link.hasPrefix("/")
    }

    static func stripFragment(_ link: String) -> String {
        String(link.prefix { $0 != "#" && $0 != "?" })
    }

    static func basename(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    static let fileToken = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9_./-])[A-Za-z0-9_./-]+\.(?:ya?ml|json|toml|conf|cfg|ini|sh|py|sql|env)(?![A-Za-z0-9_])"#)

    /// File names a command mentions (`etcd-proxy.yaml`).
    static func fileTokens(_ text: String) -> [String] {
        let ns = text as NSString
        return fileToken.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    /// The content hash of each step; they are independent, so every core takes a share.
    static func contentHashes(_ steps: [Step]) -> [String] {
        // In runs that each gather their steps' fields in one reused buffer; steps are read in place,
        // not copied (a copy retains each of their strings and arrays).
        let runs = max(1, min(Parallel.pieces * 4, steps.count / 64))
        return Parallel.map(runs) { run in
            var scratch: [UInt8] = []
            var hashes: [String] = []
            steps.forEachInPlace(in: steps.count * run / runs..<steps.count * (run + 1) / runs) { step in
                hashes.append(contentHash(step, scratch: &scratch))
            }
            return hashes
        }.flatMap { $0 }
    }

    /// The hash of `step`, its fields gathered in `scratch` (emptied first).
    static func contentHash(_ step: borrowing Step, scratch bytes: inout [UInt8]) -> String {
        // Every field followed by a NUL, gathered first: one hash update per step, not one per field.
        bytes.removeAll(keepingCapacity: true)
        func add(_ s: String) {
            if s.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil { bytes.append(contentsOf: s.utf8) }
            bytes.append(0)
        }
        add(step.kind.rawValue)
        add(step.lang)
        if !step.inSession { add("session=fresh") }
        step.hosts.forEachInPlace { add($0) }
        step.commands.forEachInPlace { command in
            add(command.host ?? "*")
            add(command.text)
            command.expect.forEachInPlace { add($0) }
        }
        if let file = step.file {
            add(file.content); add(file.destination ?? ""); add(file.source ?? "")
            if file.append { add("append") }
            if let mode = file.mode { add("mode=" + mode) }
        }
        return SHA256.hash(data: bytes).hexString
    }
}

extension Digest {
    /// Lowercase hex of the digest.
    public var hexString: String {
        withUnsafeBytes { digest in
            String(unsafeUninitializedCapacity: digest.count * 2) { text in
                let digits: StaticString = "0123456789abcdef"
                for (index, byte) in digest.enumerated() {
                    text[2 * index] = digits.utf8Start[Int(byte >> 4)]
                    text[2 * index + 1] = digits.utf8Start[Int(byte & 0xF)]
                }
                return digest.count * 2
            }
        }
    }
}

extension RunbookBuilder {
    /// A section's key when its title has no number: lowercased letters and digits, dashes between.
    static func slug(_ title: String) -> String {
        // ASCII titles by bytes (the same letters, digits and dashes as the Character loop below).
        if title.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(title.utf8.count)
            for b in title.utf8 {
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(b)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(b + 32)
                default: if bytes.last != UInt8(ascii: "-") { bytes.append(UInt8(ascii: "-")) }
                }
            }
            while bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
            while bytes.last == UInt8(ascii: "-") { bytes.removeLast() }
            return String(decoding: bytes, as: UTF8.self)
        }
        return slugByCharacters(title)
    }

    /// The rule in plain Swift, and the byte path's judge (FastPathTests).
    static func slugByCharacters(_ title: String) -> String {
        var result = ""
        for c in title.lowercased() {
            if c.isLetter || c.isNumber { result.append(c) } else if !result.hasSuffix("-") { result.append("-") }
        }
        return result.trimmingCharacters(in: "-")
    }
}
