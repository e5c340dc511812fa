import Foundation
import Yams

/// What one block says on its own, before the in-order pass that needs sections, annotations and
/// the prose before it: the hosts its prose names, its shell commands, its YAML and Python errors.
///
/// Pure and independent per block, so a large guide computes them on every core.
struct BlockFacts: Sendable {
    /// Prose (paragraphs and headings): mentions of the last sentence that names hosts.
    var mentions: [HostMention] = []
    /// Prose: stated counts that disagree with the hosts named beside them.
    var countErrors: [Diagnostic] = []
    /// Paragraphs: what the prose says about where blocks run beyond the hosts it names (scope
    /// phrases, local words, `On NAME:`), in order.
    var statements: [ScopeStatement] = []
    /// Paragraphs: what its last sentence that says where to run says, when that is not hosts `mentions`
    /// holds: an `On NAME:` line, local words, or machines it leaves open.
    var proseWhere: ScopeStatement?
    /// Headings: what the heading says about where the blocks of its section run.
    var headingScope: ScopeStatement?

    /// Paragraphs: sentences that tell the reader to upload a file, in order.
    var uploads: [UploadSentence] = []
    /// Paragraphs: the sentence saying the next block is a file's content.
    var fileSentence: FileSentence?
    /// Paragraphs: true when it says the next block is what the command before prints ("Output:").
    var labelsOutput = false
    /// Closed, fenced shell blocks (and unlabelled ones that read as shell): the commands, host
    /// segments and prompts.
    var shell: ShellBlock?
    /// YAML blocks: why they do not parse.
    var yamlError: Diagnostic?
    /// Python blocks: the syntax error; at the first one, the note that none could be checked.
    var pythonError: Diagnostic?

    /// The facts of every block of `document`, computed on other threads while the caller reads
    /// them in block order (see `FactsStream`).
    static func stream(_ document: Document, finder: HostFinder, context: GuideContext) -> FactsStream {
        let blocks = document.blocks
        // Python is checked by one `python3` for all blocks: a process per block would dominate.
        let python = blocks.indices.filter { index in
            if case .code(let code) = blocks[index].kind { return code.closed && code.fenced && pythonLanguages.contains(code.language) }
            return false
        }
        var pythonErrors: [Int: Diagnostic] = [:]
        if let first = python.first {
            if let errors = context.pythonSyntaxErrors(python.map { blocks[$0].text }) {
                for (index, error) in zip(python, errors) {
                    guard let error else { continue }
                    let firstLine = blocks[index].line + 1
                    pythonErrors[index] = Diagnostic(.pythonSyntax, line: firstLine + max(error.line, 1) - 1,
                        "python block does not compile: \(error.message)")
                }
            } else {
                // Said once, at the first block, rather than passed over in silence.
                pythonErrors[first] = Diagnostic(.pythonUnchecked, line: blocks[first].line,
                    "python3 could not be run here, so the syntax of the guide's \(python.count) python block\(python.count == 1 ? "" : "s") was not checked")
            }
        }
        let pythonErrorsFound = pythonErrors
        let resolver = ScopeResolver(finder: finder, inventory: context.inventory)
        return FactsStream(count: blocks.count) { index in
            var facts = BlockFacts(blocks[index], finder: finder, resolver: resolver)
            facts.pythonError = pythonErrorsFound[index]
            return facts
        }
    }

    static let shellLanguages: Set<String> = ["bash", "sh", "shell", "zsh", "console", "shell-session", "terminal", "sh-session"]
    static let yamlLanguages: Set<String> = ["yaml", "yml"]
    static let pythonLanguages: Set<String> = ["python", "py", "python3"]

    /// No facts (what a block without any has).
    init() {}

    init(_ block: Block, finder: HostFinder, resolver: ScopeResolver? = nil) {
        let resolver = resolver ?? ScopeResolver(finder: finder, inventory: nil)
        switch block.kind {
        case .heading, .paragraph:
            let bytes = Array(block.text.utf8)
            readProse(block, bytes, finder: finder, resolver: resolver)
            if block.kind == .paragraph {
                uploads = Self.uploads(in: block, bytes, finder: finder)
                // Cheap byte test first: this runs on every paragraph of the guide.
                if FileSentence.mayHold(bytes) { fileSentence = FileSentence.parse(block.text) }
                if bytes.count <= 24 || OutputLabel.endsWithColon(bytes), OutputLabel.words.occur(in: bytes) {
                    labelsOutput = OutputLabel.labels(block.text)
                }
            }
        case .code(let code) where code.fenced && code.closed:
            let language = code.language
            let firstLine = block.line + 1
            if Self.shellLanguages.contains(language) || language.isEmpty && UnlabelledContent.readsAsShell(code.literal) {
                shell = ShellBlock(body: code.literal, firstLine: firstLine, finder: finder)
            } else if Self.yamlLanguages.contains(language) {
                yamlError = Self.yamlError(code.literal, firstLine: firstLine)
            }
        case .code, .html:
            break
        }
    }

    /// Hosts of the last sentence that names any (the one closest to the block that follows), and
    /// the counts stated beside hosts that do not match them.
    private mutating func readProse(_ block: Block, _ bytes: [UInt8], finder: HostFinder, resolver: ScopeResolver) {
        var all = finder.mentions(in: block.text, bytes: bytes)   // in order of offset
        if case .heading = block.kind {
            headingScope = ScopeReader.heading(block.text, mentions: all, line: block.line, resolver: resolver)
        } else {
            let namedUpTo = all.last.map { Self.sentenceRanges(bytes, from: $0.offset, through: $0.offset).last?.upperBound ?? 0 } ?? 0
            let reading = ScopeReader.read(block.text, bytes: bytes, line: block.line, resolver: resolver, mentions: all, namedUpTo: namedUpTo)
            statements = reading.statements
            if !reading.mentions.isEmpty {
                // Hosts listed after a scope phrase, unless HostFinder saw them already.
                let extra = reading.mentions.filter { mention in
                    !all.contains { $0.offset >= mention.offset && $0.offset < mention.offset + mention.evidence.utf8.count }
                }
                all = (all + extra).sorted { $0.offset < $1.offset }
            }
            let lastMention = all.last?.offset ?? -1
            // A statement about the blocks above ("以上操作在a1上执行") says nothing of the blocks after it.
            proseWhere = statements.last { statement in
                guard statement.reach != .above else { return false }
                switch statement.target {
                case .hosts: return statement.isOnName
                case .local, .open: return statement.offset > lastMention
                }
            }
        }
        guard let first = all.first, let last = all.last else { return }
        for range in Self.sentenceRanges(bytes, from: first.offset, through: last.offset) {
            let found = all.filter { range.contains($0.offset) }
            guard !found.isEmpty else { continue }
            let named = Set(found.flatMap(\.hosts))
            for stated in finder.statedCounts(bytes: Array(bytes[range])) where stated.count != named.count {
                countErrors.append(Diagnostic(.hostCountMismatch, line: block.line,
                    "“\(stated.evidence)” but \(found.map(\.evidence).joined(separator: ", ")) names \(named.count) host\(named.count == 1 ? "" : "s"): \(named.sorted().joined(separator: ", "))"))
            }
            // A sentence about the blocks above says nothing of the blocks after it.
            if statements.contains(where: { $0.reach == .above && range.contains($0.offset) }) { continue }
            mentions = found
        }
    }

    // MARK: Uploads

    static let uploadWords = ByteWords(["上传", "拷贝", "复制", "upload", "copy", "scp"])

    /// The upload sentences of a paragraph, in order.
    private static func uploads(in block: Block, _ bytes: [UInt8], finder: HostFinder) -> [UploadSentence] {
        // Cheap byte test first: this runs on every paragraph of the guide.
        guard uploadWords.occur(in: bytes) else { return [] }
        return sentenceRanges(bytes).compactMap { range in
            UploadSentence.parse(String(decoding: bytes[range], as: UTF8.self), links: block.links, finder: finder)
        }
    }

    // MARK: Sentences

    /// Splits prose (valid UTF-8) into sentences (byte ranges). A sentence ends after `。`, `！`, `？`,
    /// `；`, `;`, `!` or `?`, and after a full stop followed by a space, a newline or the end, so
    /// addresses (29.16.21.73) stay whole. Given `from` and `through`, only the sentences from the one
    /// holding byte `from` to the one holding byte `through` (read by `SentenceReader`, FastPaths).
    static func sentenceRanges(_ bytes: [UInt8], from first: Int = 0, through last: Int = .max) -> [Range<Int>] {
        SentenceReader.ranges(bytes, from: first, through: last)
    }

    // MARK: YAML

    /// Why `text` (a YAML block whose first line is `firstLine`) does not parse, or nil.
    static func yamlError(_ text: String, firstLine: Int) -> Diagnostic? {
        guard !YAMLSyntax.isPlainlyValid(text) else { return nil }
        do {
            // The sequence keeps a parse error to itself: read every document, then ask for it.
            // Syntax and duplicate keys are what matter here; scalar types are not resolved (`basic`).
            var documents = try Yams.compose_all(yaml: text, .basic, .default, .utf8)
            while documents.next() != nil {}
            if let error = documents.error { throw error }
            return nil
        } catch let error as YamlError {
            var line = firstLine
            var message = "\(error)"
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
                line = firstLine + mark.line - 1
                message = problem
            case .duplicatedKeysInMapping(let keys, let context):
                // Yams' own text spans lines and quotes the whole block; a diagnostic is one line.
                line = firstLine + context.mark.line - 1
                let quoted = keys.map { "`\(String(reflecting: $0).dropFirst().dropLast())`" }   // a quoted key may hold a newline
                message = "a mapping repeats the key\(keys.count == 1 ? "" : "s") \(quoted.joined(separator: ", "))"
            default:
                break
            }
            return Diagnostic(.invalidYAML, line: line, "yaml block does not parse: \(message)")
        } catch {
            return Diagnostic(.invalidYAML, line: firstLine, "yaml block does not parse: \(error)")
        }
    }
}

/// Block facts handed to the in-order pass in block order while later blocks are still read (see `InOrderStream`).
typealias FactsStream = InOrderStream<BlockFacts>
