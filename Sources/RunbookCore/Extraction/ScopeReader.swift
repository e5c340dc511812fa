import Foundation

/// Reads what prose says about where blocks run beyond the hosts `HostFinder` sees: scope phrases
/// ("on each controller instance: `controller-0`, …", "on all three members", "以下操作在所有节点执行"),
/// local words ("from your workstation", "在客户端"), `On NAME:` paragraphs, and headings that name a
/// machine (`#### Master`, `### On the master node`, `## node1`, `Master节点（node1）`).
///
/// Runs on every paragraph and heading of a guide: a byte test for its words comes first, and only
/// sentences that pass it are read word by word.
enum ScopeReader {
    /// A prose block's reading: its statements in order, and hosts its scope phrases list that
    /// `HostFinder` does not see (`controller-0, controller-1`), to count as the block's mentions.
    struct Reading: Sendable {
        var statements: [ScopeStatement] = []
        var mentions: [HostMention] = []
    }

    /// Words one of which a sentence must hold to be read closely.
    static let triggers = ByteWords(["each", "every", "all", "both", "on the", "across", "workstation", "local machine", "laptop",
                                     "your machine", "your computer", "your own", "control machine", "desktop", "above",
                                     "previous", "preceding", "所有", "每", "全部", "各", "本机", "本地", "客户端", "控制机",
                                     "电脑", "以上", "上述", "上面", "节点上", "机器上", "主机上", "服务器上"])

    // MARK: Prose

    /// The statements of a paragraph (or list item, or quote) whose text is `bytes`, at `line`, given
    /// the hosts `HostFinder` found in it (`mentions`): a sentence that names hosts says those hosts.
    /// `namedUpTo`: where the last sentence holding one of `mentions` ends (0 without mentions).
    static func read(_ text: String, bytes: [UInt8], line: Int, resolver: ScopeResolver, mentions: [HostMention], namedUpTo: Int = 0) -> Reading {
        var reading = Reading()
        if endsWithColon(bytes), startsLikeOnName(bytes), var on = onName(text, line: line, resolver: resolver) {
            // `On 10.0.0.5:` or a name the tables know is read by HostFinder already.
            let found = Set(mentions.flatMap(\.hosts))
            if !(on.hosts ?? []).allSatisfy(found.contains) {
                on.unbound = on.unbound.filter { name in !found.contains(name) }
                reading.statements.append(on)
            }
            return reading
        }
        // Only the sentences that hold one of the words are read (most prose holds none). Up to the end
        // of the last sentence that names hosts, a sentence only adds its reach, so without a reach
        // word there it says nothing new.
        var hits = triggers.occurrences(in: bytes)
        if namedUpTo > 0, hits.contains(where: { $0.offset < namedUpTo }), !reachWords.occur(in: bytes) {
            hits.removeAll { $0.offset < namedUpTo }
        }
        guard let first = hits.first, let last = hits.last else { return reading }
        for range in SentenceReader.ranges(bytes, from: first.offset, through: last.offset)
            where hits.contains(where: { range.contains($0.offset) }) {
            let own = mentions.filter { range.contains($0.offset) }
            read(sentence: range, of: bytes, line: line, resolver: resolver, mentions: own, into: &reading)
        }
        reading.statements.sort { $0.offset < $1.offset }
        return reading
    }

    /// True when `bytes` start with `On ` (any case) or `在`.
    static func startsLikeOnName(_ bytes: [UInt8]) -> Bool {
        (bytes.count > 3 && ByteWords.folded(bytes[0]) == UInt8(ascii: "o") && ByteWords.folded(bytes[1]) == UInt8(ascii: "n") && bytes[2] == 0x20)
            || (bytes.count > 3 && bytes[0] == 0xE5 && bytes[1] == 0x9C && bytes[2] == 0xA8)
    }

    /// True when the last byte that is not white space is `:` or the end of `：`.
    static func endsWithColon(_ bytes: [UInt8]) -> Bool {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        guard end > 0 else { return false }
        return bytes[end - 1] == UInt8(ascii: ":") || (end >= 3 && bytes[end - 3] == 0xEF && bytes[end - 2] == 0xBC && bytes[end - 1] == 0x9A)
    }

    private static func read(sentence range: Range<Int>, of bytes: [UInt8], line: Int, resolver: ScopeResolver,
                             mentions own: [HostMention], into reading: inout Reading) {
        let sentence = Array(bytes[range])
        let reach = self.reach(sentence)
        if !own.isEmpty {
            // "on all three members (10.0.0.1 - 10.0.0.3)": the sentence's own hosts; only its reach is new.
            if reach != .here {
                reading.statements.append(ScopeStatement(target: .hosts(own), reach: reach, evidence: own.map(\.evidence).joined(separator: ", "),
                                                         line: line, offset: own[0].offset))
            }
            return
        }
        var phrases = englishPhrases(sentence) + chinesePhrases(sentence)
        phrases.sort { $0.start < $1.start }
        for phrase in phrases {
            let offset = range.lowerBound + phrase.start
            var statement = ScopeStatement(target: .open(word: phrase.word, count: phrase.count), reach: reach,
                                           evidence: phrase.evidence, line: line, offset: offset)
            if !phrase.names.isEmpty {
                var hosts: [String] = []
                for name in phrase.names {
                    guard let found = resolver.resolve(name: name) else { continue }
                    hosts += found.hosts
                    if found.unbound { statement.unbound.append(name) }
                }
                if !hosts.isEmpty {
                    let mention = HostMention(hosts: hosts.uniqued(), evidence: phrase.evidenceWithNames, offset: offset)
                    statement.target = .hosts([mention])
                    statement.evidence = phrase.evidenceWithNames
                    reading.mentions.append(mention)
                    reading.statements.append(statement)
                    continue
                }
            }
            let resolved = resolver.resolve(word: phrase.word, singular: phrase.singular, evidence: phrase.evidence, offset: offset)
            statement.unbound = resolved.unbound
            switch resolved.target {
            case .open(let word, _): statement.target = .open(word: word, count: phrase.count)
            case .hosts(let mentions):
                statement.target = resolved.target
                statement.evidence = mentions.first?.evidence ?? phrase.evidence
                reading.mentions += mentions
            case .local: statement.target = .local
            }
            reading.statements.append(statement)
        }
        // Local words count when the sentence says nothing of other machines ("copy the files from
        // your workstation to each controller" is about the controllers).
        if phrases.isEmpty, let words = localWords(sentence) {
            reading.statements.append(ScopeStatement(target: .local, reach: reach, evidence: words.evidence, line: line,
                                                     offset: range.lowerBound + words.start))
        }
    }

    // MARK: Reach

    private static let documentWords = ByteWords(["in this lab", "in this guide", "in this tutorial", "in this document", "in this chapter",
                                                  "in this article", "in this walkthrough", "in this page", "throughout", "of this lab",
                                                  "of this guide", "for this lab", "for this guide", "本文", "本教程", "本指南", "全文",
                                                  "本实验", "整个文档"])
    private static let sectionWords = ByteWords(["the following steps", "the steps below", "in this section", "the rest of this section",
                                                 "from here on", "from now on", "以下操作", "以下步骤", "以下所有", "下面的操作",
                                                 "下面的步骤", "下面操作", "接下来的操作", "接下来的步骤", "本节", "本章", "本部分"])
    private static let aboveWords = ByteWords(["the above", "above commands", "above steps", "commands above", "steps above",
                                               "previous commands", "previous steps", "preceding commands", "preceding steps",
                                               "以上命令", "以上操作", "以上步骤", "上述命令", "上述操作", "上述步骤", "上面的命令",
                                               "上面的操作", "上面的步骤", "上面命令"])

    /// Every reach word, for one scan: the documentWords, sectionWords and aboveWords in that order.
    private static let reachWords = ByteWords(documentWords.words.map { String(decoding: $0, as: UTF8.self) }
                                              + sectionWords.words.map { String(decoding: $0, as: UTF8.self) }
                                              + aboveWords.words.map { String(decoding: $0, as: UTF8.self) })

    /// How far a sentence's statement reaches, by its words ("the above" first, then the document's,
    /// then the section's).
    static func reach(_ sentence: [UInt8]) -> ScopeReach {
        let found = reachWords.occurrences(in: sentence)
        guard !found.isEmpty else { return .here }
        let document = documentWords.words.count, section = document + sectionWords.words.count
        if found.contains(where: { $0.word >= section }) { return .above }
        if found.contains(where: { $0.word < document }) { return .document }
        return .section
    }

    // MARK: Local words

    private static let localPhrases = ByteWords(["your workstation", "the workstation", "your local machine", "the local machine",
                                                 "your laptop", "your computer", "your own machine", "your own computer", "your machine",
                                                 "the control machine", "your control machine", "your desktop", "在本机", "在本地",
                                                 "在客户端", "本地执行", "本机执行", "在控制机", "在你的电脑", "在您的电脑", "在自己的电脑"])

    /// The local words of a sentence, if any.
    static func localWords(_ sentence: [UInt8]) -> (evidence: String, start: Int)? {
        guard let first = localPhrases.occurrences(in: sentence).first else { return nil }
        let word = localPhrases.words[first.word]
        return (String(decoding: sentence[first.offset..<(first.offset + word.count)], as: UTF8.self), first.offset)
    }

    // MARK: English phrases

    /// A scope phrase found in a sentence: the scope word, what it says, the names listed after it.
    struct Phrase {
        var start: Int
        var word: String?
        var singular: Bool
        var count: Int?
        var evidence: String
        var names: [String] = []
        var evidenceWithNames: String
    }

    /// A word of a sentence, or one punctuation mark (`:`, `,`, `(`, `)`, `、`; full-width ones as ASCII),
    /// with its byte range in the sentence.
    struct Word {
        var text: String
        var lower: String
        var start: Int
        var end: Int
        var isPunctuation: Bool
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E
    }

    /// The ASCII words and list punctuation of `bytes`; other characters (spaces aside) end a list.
    static func words(_ bytes: [UInt8]) -> [Word] {
        var words: [Word] = []
        var i = 0
        let wide: [([UInt8], String)] = [("：", ":"), ("，", ","), ("（", "("), ("）", ")"), ("、", ",")].map { (Array($0.0.utf8), $0.1) }
        while i < bytes.count {
            let b = bytes[i]
            if isWordByte(b) {
                var j = i
                while j < bytes.count, isWordByte(bytes[j]) { j += 1 }
                var end = j
                while end > i, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
                if end > i {
                    let text = String(decoding: bytes[i..<end], as: UTF8.self)
                    words.append(Word(text: text, lower: text.lowercased(), start: i, end: end, isPunctuation: false))
                }
                i = j
            } else if b == UInt8(ascii: ":") || b == UInt8(ascii: ",") || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") {
                let text = String(UnicodeScalar(b))
                words.append(Word(text: text, lower: text, start: i, end: i + 1, isPunctuation: true))
                i += 1
            } else if b >= 0x80 {
                var j = i + 1
                while j < bytes.count, bytes[j] & 0xC0 == 0x80 { j += 1 }
                let character = Array(bytes[i..<j])
                let mark = wide.first { $0.0 == character }?.1 ?? "·"
                words.append(Word(text: mark, lower: mark, start: i, end: j, isPunctuation: true))
                i = j
            } else if b == 0x20 || b == 0x09 || b == 0x0A || b == UInt8(ascii: "`") {
                i += 1
            } else {
                words.append(Word(text: "·", lower: "·", start: i, end: i + 1, isPunctuation: true))
                i += 1
            }
        }
        return words
    }

    private static let quantifiers: Set<String> = ["each", "every", "all", "both"]
    private static let determiners: Set<String> = ["the", "these", "those", "your", "our"]

    /// "on each controller instance: a, b, c", "on all three members", "across every node", "on the
    /// master node", "on the worker nodes", "on each controller", "on both machines".
    static func englishPhrases(_ sentence: [UInt8]) -> [Phrase] {
        let words = self.words(sentence)
        var phrases: [Phrase] = []
        var i = 0
        while i < words.count {
            defer { i += 1 }
            guard !words[i].isPunctuation, words[i].lower == "on" || words[i].lower == "across" else { continue }
            var j = i + 1
            var quantified = false, count: Int? = nil
            func word(_ k: Int) -> String? { k < words.count && !words[k].isPunctuation ? words[k].lower : nil }
            if let q = word(j), quantifiers.contains(q) {
                quantified = true
                if q == "both" { count = 2 }
                j += 1
                if word(j) == "of" || word(j) == "one" && word(j + 1) == "of" { j += word(j) == "one" ? 2 : 1 }
                if let d = word(j), determiners.contains(d) { j += 1 }
            } else if word(j) == "the" {
                j += 1
            } else {
                continue
            }
            if let n = word(j).flatMap(HostFinder.number), n > 0, n < 1000 { count = n; j += 1 }
            // Up to three words: qualifiers, then a machine noun (or a role word standing alone).
            var qualifiers: [String] = []
            var nounEnd: Int? = nil
            var plural = quantified
            var k = j
            while k < min(j + 3, words.count), let w = word(k) {
                let single = ScopeWords.singular(w)
                if ScopeWords.machineNouns.contains(single) || (w == "plane" && qualifiers.last == "control") {
                    if w == "plane" { qualifiers[qualifiers.count - 1] = "control-plane" }
                    plural = plural || single != w
                    nounEnd = k
                    break
                }
                qualifiers.append(w)
                k += 1
            }
            if nounEnd == nil {
                // No machine noun: one role word ("on each controller", "on the workers", "on the master").
                guard let w = word(j), ScopeWords.roles.contains(ScopeWords.singular(w)) else { continue }
                // …followed by nothing more about it: "on the primary button" is no machine.
                if let next = word(j + 1), !["and", "run", "execute", "then", "as", "with", "using", "to", "via", "first", "only", "too", "also"].contains(next) { continue }
                qualifiers = [w]
                plural = plural || ScopeWords.singular(w) != w
                nounEnd = j
            }
            let end = nounEnd!
            let narrowing = qualifiers.filter { !ScopeWords.generic.contains($0) }.map(ScopeWords.singular)
            guard narrowing.count <= 2 else { continue }
            let scopeWord = narrowing.isEmpty ? nil : narrowing.joined(separator: "-")
            // "on the server" names no machine in particular.
            if !quantified && !plural && scopeWord == nil { continue }
            let evidence = String(decoding: sentence[words[i].start..<words[end].end], as: UTF8.self)
            var phrase = Phrase(start: words[i].start, word: scopeWord, singular: !plural, count: count, evidence: evidence,
                                evidenceWithNames: evidence)
            // Names listed after it: "instance: `controller-0`, `controller-1`, and `controller-2`", "nodes (node1, node2)".
            var n = end + 1
            if n < words.count, words[n].text == ":" || words[n].text == "(" {
                n += 1
                var last = end
                while n < words.count {
                    let w = words[n]
                    if w.text == "," || (!w.isPunctuation && (w.lower == "and" || w.lower == "or")) { n += 1; continue }
                    guard !w.isPunctuation, w.text.unicodeScalars.first.map(CharacterSetLite.isLetter) == true || InventoryTable.isIPv4(w.text) else { break }
                    phrase.names.append(w.text)
                    last = n
                    n += 1
                }
                if !phrase.names.isEmpty {
                    phrase.evidenceWithNames = String(decoding: sentence[words[i].start..<words[last].end], as: UTF8.self)
                }
            }
            phrases.append(phrase)
            i = end
        }
        return phrases
    }

    // MARK: Chinese phrases

    private static let machineNouns = ByteWords(["节点", "机器", "主机", "服务器", "实例", "虚拟机"])
    private static let quantifierWords: [[UInt8]] = ["每一台", "每一个", "所有", "全部", "每台", "每个", "各个", "各台", "每", "各"].map { Array($0.utf8) }
    private static let cjkQualifiers: [[UInt8]] = ["管理", "工作", "计算", "存储", "控制", "数据", "主", "从"].map { Array($0.utf8) }
    private static let zai = Array("在".utf8), shang = Array("上".utf8), de = Array("的".utf8)

    /// "在所有节点执行", "在每台服务器上", "所有master节点", "在master节点上执行" (a qualifier without a
    /// quantifier, between 在 and 上): read back from each machine noun, by bytes.
    static func chinesePhrases(_ sentence: [UInt8]) -> [Phrase] {
        let nouns = machineNouns.occurrences(in: sentence)
        guard !nouns.isEmpty else { return [] }
        func ends(_ word: [UInt8], at end: Int) -> Bool {
            end >= word.count && sentence[(end - word.count)..<end].elementsEqual(word)
        }
        func spacesBack(_ k: Int) -> Int {
            var k = k
            while k > 0, sentence[k - 1] == 0x20 { k -= 1 }
            return k
        }
        var phrases: [Phrase] = []
        var taken = 0
        for noun in nouns where noun.offset >= taken {
            let length = machineNouns.words[noun.word].count
            var k = spacesBack(noun.offset)
            var qualifier: String?
            var q = k
            while q > 0, isWordByte(sentence[q - 1]) { q -= 1 }
            if q < k, CharacterSetLite.isLetter(Unicode.Scalar(sentence[q])) {
                qualifier = ScopeWords.singular(String(decoding: sentence[q..<k], as: UTF8.self).lowercased())
                k = q
            } else if q == k, let word = cjkQualifiers.first(where: { ends($0, at: k) }) {
                qualifier = String(decoding: word, as: UTF8.self)
                k -= word.count
            }
            k = spacesBack(k)
            if ends(de, at: k) { k = spacesBack(k - de.count) }
            var quantified = false
            if let word = quantifierWords.first(where: { ends($0, at: k) }) {
                quantified = true
                k = spacesBack(k - word.count)
            }
            let hasZai = ends(zai, at: k)
            if hasZai { k -= zai.count }
            var end = noun.offset + length
            let hasShang = end + shang.count <= sentence.count && sentence[end..<(end + shang.count)].elementsEqual(shang)
            if hasShang { end += shang.count }
            guard quantified || (hasZai && hasShang && qualifier != nil) else { continue }
            if let word = qualifier, ScopeWords.generic.contains(word) { qualifier = nil }
            let evidence = String(decoding: sentence[k..<end], as: UTF8.self).trimmingSpaces()
            phrases.append(Phrase(start: k, word: qualifier, singular: !quantified, count: nil, evidence: evidence, evidenceWithNames: evidence))
            taken = end
        }
        return phrases
    }

    // MARK: On NAME:

    /// `On node1:`, `On node1 and node2, run:`, `在node1上执行：`: a paragraph that says only which named
    /// machines the blocks after it are for. Nil unless every name is a machine's (`On Ubuntu:` is not).
    static func onName(_ text: String, line: Int, resolver: ScopeResolver) -> ScopeStatement? {
        let trimmed = text.trimmingSpaces()
        guard trimmed.hasSuffix(":") || trimmed.hasSuffix("："), trimmed.utf8.count < 200 else { return nil }
        let body = String(trimmed.dropLast()).trimmingSpaces()
        var names: [String] = []
        let lower = body.lowercased()
        if lower.hasPrefix("on ") {
            var rest = Array(words(Array(body.utf8)).dropFirst())
            // Trailing ", run" / ", run the following commands".
            if let comma = rest.firstIndex(where: { $0.text == "," && $0.isPunctuation }),
               rest[(comma + 1)...].allSatisfy({ ["run", "execute", "do", "type", "the", "following", "commands", "command", "this", "these"].contains($0.lower) }),
               comma + 1 < rest.count {
                rest = Array(rest[..<comma])
            }
            if rest.first?.lower == "the" { rest.removeFirst() }
            if let last = rest.last, ScopeWords.machineNouns.contains(ScopeWords.singular(last.lower)), rest.count > 1 { rest.removeLast() }
            var expectName = true
            for word in rest {
                let separator = word.text == "," || word.lower == "and"
                if expectName {
                    if separator && !names.isEmpty { continue }   // ", and"
                    guard !word.isPunctuation, !separator else { return nil }
                    names.append(word.text)
                    expectName = false
                } else {
                    guard separator else { return nil }
                    expectName = true
                }
            }
            guard !expectName else { return nil }
        } else if body.hasPrefix("在") {
            var inner = body.dropFirst()
            for suffix in ["执行如下命令", "执行以下命令", "执行如下操作", "执行以下操作", "执行下面的命令", "运行如下命令", "运行以下命令", "执行", "运行", "操作"]
                where inner.hasSuffix(suffix) {
                inner = inner.dropLast(suffix.count)
                break
            }
            if inner.hasSuffix("上") { inner = inner.dropLast() }
            for noun in ["节点", "主机", "服务器", "机器"] where inner.hasSuffix(noun) { inner = inner.dropLast(noun.count); break }
            let parts = inner.split(whereSeparator: { "、,，和 ".contains($0) }).map { String($0).trimmingSpaces() }
            guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII } }) else { return nil }
            names = parts
        } else {
            return nil
        }
        guard !names.isEmpty, names.count <= 16 else { return nil }
        var hosts: [String] = []
        var unbound: [String] = []
        for name in names {
            guard let found = resolver.resolve(name: name) else { return nil }
            hosts += found.hosts
            if found.unbound { unbound.append(name) }
        }
        return ScopeStatement(target: .hosts([HostMention(hosts: hosts.uniqued(), evidence: trimmed, offset: 0)]), reach: .here,
                              evidence: trimmed, line: line, offset: 0, isOnName: true, unbound: unbound)
    }

    // MARK: Headings

    private static let roleNouns: [[UInt8]] = ["节点", "服务器", "主机", "机器", "库"].map { Array($0.utf8) }
    private static let zhu = Array("主".utf8), cong = Array("从".utf8)

    /// What a heading says about where the blocks of its section (and the sections under it) run:
    /// hosts it names, a role or a name standing alone (`#### Master`, `## node1`, `Master节点（node1）`),
    /// a where-phrase (`### On the master node`, `## Install on every node`) or local words.
    static func heading(_ title: String, mentions: [HostMention], line: Int, resolver: ScopeResolver) -> ScopeStatement? {
        let text = strippedNumbering(title)
        guard !text.isEmpty else { return nil }
        if !mentions.isEmpty {
            return ScopeStatement(target: .hosts(mentions), reach: .section, evidence: title, line: line, offset: 0)
        }
        let bytes = Array(text.utf8)
        if triggers.occur(in: bytes) {
            var reading = Reading()
            read(sentence: 0..<bytes.count, of: bytes, line: line, resolver: resolver, mentions: [], into: &reading)
            if var statement = reading.statements.first {
                statement.reach = .section
                return statement
            }
        }
        if startsLikeOnName(Array(text.utf8)), var on = onName(text + ":", line: line, resolver: resolver) {
            on.reach = .section
            on.evidence = title
            on.target = .hosts([HostMention(hosts: on.hosts ?? [], evidence: title, offset: 0)])
            return on
        }
        return roleHeading(text, title: title, line: line, resolver: resolver)
    }

    /// `Master`, `Worker nodes`, `node1`, `Master节点（node1）`, `Primary (db1)`: a heading that is only a
    /// machine's role or name.
    private static func roleHeading(_ text: String, title: String, line: Int, resolver: ScopeResolver) -> ScopeStatement? {
        // `ROLE` or `主`/`从`, an optional noun (节点, 服务器, 主机, 机器, 库), an optional `(NAMES)`/`（NAMES）`, nothing else.
        let bytes = Array(text.utf8)
        guard bytes.count < 80, let parsed = roleHeadingParts(bytes) else {
            return englishRoleHeading(text, title: title, line: line, resolver: resolver)
        }
        var role = parsed.role
        if role == "主" { role = "master" } else if role == "从" { role = "slave" }
        let noun = parsed.noun
        if let listed = parsed.names {
            let names = listed.split(whereSeparator: { "、,，和 ".contains($0) }).map(String.init)
            var hosts: [String] = [], unbound: [String] = []
            for name in names {
                guard let found = resolver.resolve(name: name) else { return nil }
                hosts += found.hosts
                if found.unbound { unbound.append(name) }
            }
            guard !hosts.isEmpty else { return nil }
            return ScopeStatement(target: .hosts([HostMention(hosts: hosts.uniqued(), evidence: title, offset: 0)]), reach: .section,
                                  evidence: title, line: line, offset: 0, unbound: unbound)
        }
        let lower = role.lowercased()
        if noun == nil, !ScopeWords.roles.contains(ScopeWords.singular(lower)) {
            // A name alone: `## node1`, `## db-2`.
            guard let found = resolver.resolve(name: role, strict: true) else { return nil }
            return ScopeStatement(target: .hosts([HostMention(hosts: found.hosts, evidence: title, offset: 0)]), reach: .section,
                                  evidence: title, line: line, offset: 0, unbound: found.unbound ? [role] : [])
        }
        guard ScopeWords.roles.contains(ScopeWords.singular(lower)) || resolver.finder.addresses(named: role) != nil
                || resolver.inventory?.group(for: role) != nil else { return nil }
        let plural = ScopeWords.singular(lower) != lower
        let resolved = resolver.resolve(word: ScopeWords.singular(lower), singular: !plural, evidence: title, offset: 0)
        return ScopeStatement(target: resolved.target, reach: .section, evidence: title, line: line, offset: 0, unbound: resolved.unbound)
    }

    /// The parts of a role heading: the role word, its noun, and the names in parentheses.
    private static func roleHeadingParts(_ bytes: [UInt8]) -> (role: String, noun: String?, names: String?)? {
        var i = 0
        var role: String
        if let first = bytes.first, CharacterSetLite.isLetter(Unicode.Scalar(first)) {
            while i < bytes.count, isWordByte(bytes[i]) && bytes[i] != UInt8(ascii: ".") { i += 1 }
            role = String(decoding: bytes[0..<i], as: UTF8.self)
        } else if bytes.starts(with: zhu) || bytes.starts(with: cong) {
            i = 3
            role = String(decoding: bytes[0..<3], as: UTF8.self)
        } else {
            return nil
        }
        func skipSpaces() { while i < bytes.count, bytes[i] == 0x20 { i += 1 } }
        skipSpaces()
        var noun: String?
        if let word = roleNouns.first(where: { i + $0.count <= bytes.count && bytes[i..<(i + $0.count)].elementsEqual($0) }) {
            noun = String(decoding: word, as: UTF8.self)
            i += word.count
            skipSpaces()
        }
        var names: String?
        let opens: [[UInt8]] = [Array("(".utf8), Array("（".utf8)], closes: [[UInt8]] = [Array(")".utf8), Array("）".utf8)]
        if let open = opens.first(where: { i + $0.count <= bytes.count && bytes[i..<(i + $0.count)].elementsEqual($0) }) {
            let start = i + open.count
            guard let close = closes.first(where: { bytes.count - $0.count >= start && bytes[(bytes.count - $0.count)...].elementsEqual($0) }) else { return nil }
            names = String(decoding: bytes[start..<(bytes.count - close.count)], as: UTF8.self).trimmingSpaces()
            i = bytes.count
        }
        guard i == bytes.count, !(role.isEmpty) else { return nil }
        if role == "主" || role == "从", noun == nil { return nil }
        return (role, noun, names)
    }

    /// `Master node`, `Worker Nodes`, `Primary server`: a role word and a machine noun.
    private static func englishRoleHeading(_ text: String, title: String, line: Int, resolver: ScopeResolver) -> ScopeStatement? {
        var words = self.words(Array(text.utf8))
        // `Control plane`, `Control plane nodes`: one role of two words.
        if words.count >= 2, words[0].lower == "control", words[1].lower == "plane" {
            let merged = Word(text: "control-plane", lower: "control-plane", start: words[0].start, end: words[1].end, isPunctuation: false)
            words = [merged] + words.dropFirst(2)
            if words.count == 1 {
                let resolved = resolver.resolve(word: "control-plane", singular: true, evidence: title, offset: 0)
                return ScopeStatement(target: resolved.target, reach: .section, evidence: title, line: line, offset: 0, unbound: resolved.unbound)
            }
        }
        guard words.count == 2, !words[0].isPunctuation, !words[1].isPunctuation,
              ScopeWords.machineNouns.contains(ScopeWords.singular(words[1].lower)) else { return nil }
        let role = ScopeWords.singular(words[0].lower)
        guard ScopeWords.roles.contains(role) || resolver.finder.addresses(named: role) != nil || resolver.inventory?.group(for: role) != nil else { return nil }
        let plural = ScopeWords.singular(words[1].lower) != words[1].lower || role != words[0].lower
        let resolved = resolver.resolve(word: role, singular: !plural, evidence: title, offset: 0)
        return ScopeStatement(target: resolved.target, reach: .section, evidence: title, line: line, offset: 0, unbound: resolved.unbound)
    }

    /// A heading without its numbering: `2.1 Master` → `Master`, `Step 3: On node1` → `On node1`.
    static func strippedNumbering(_ title: String) -> String {
        let bytes = Array(title.utf8)
        var i = 0
        func skip(_ allowed: (UInt8) -> Bool) { while i < bytes.count, allowed(bytes[i]) { i += 1 } }
        skip { $0 == 0x20 || $0 == 0x09 }
        // `Step 3:`, `Part 2.`
        if bytes.count >= i + 5, let word = Optional(bytes[i..<(i + 5)].map(ByteWords.folded)), word == Array("step ".utf8) || word == Array("part ".utf8) {
            var j = i + 5
            while j < bytes.count, bytes[j] >= 0x30 && bytes[j] <= 0x39 { j += 1 }
            if j > i + 5 { i = j }
        }
        // `2.1`, `3)`, `1、`
        let ideographicComma: [UInt8] = [0xE3, 0x80, 0x81]
        while i < bytes.count {
            let b = bytes[i]
            if (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") || b == UInt8(ascii: ")") || b == UInt8(ascii: ":") || b == 0x20 { i += 1 }
            else if bytes[i...].starts(with: ideographicComma) { i += 3 }
            else { break }
        }
        // `第一步`, `第3章`
        let di: [UInt8] = [0xE7, 0xAC, 0xAC]
        if bytes[i...].starts(with: di) {
            let marks: [[UInt8]] = ["步", "章", "节"].map { Array($0.utf8) }
            var j = i + 3
            while j < min(bytes.count, i + 3 + 12) {
                if let mark = marks.first(where: { bytes[j...].starts(with: $0) }) {
                    i = j + mark.count
                    let colon: [UInt8] = Array("：".utf8)
                    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == UInt8(ascii: ":") { i += 1 }
                    if bytes[i...].starts(with: colon) { i += colon.count }
                    break
                }
                j += 1
            }
        }
        var end = bytes.count
        while end > i, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return i == 0 && end == bytes.count ? title : String(decoding: bytes[i..<end], as: UTF8.self)
    }
}
