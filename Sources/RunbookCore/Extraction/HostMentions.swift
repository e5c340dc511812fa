import Foundation

/// Hosts named in a piece of text, with the words that named them.
public struct HostMention: Sendable, Equatable {
    /// Addresses where known, else names as written.
    public var hosts: [String]
    /// The text that named them (`29.16.21.73~29.16.21.74`, `80节点`, `coord`).
    public var evidence: String
    /// Where the evidence starts in the searched text (UTF-8 offset), to keep mentions in order.
    var offset: Int
}

/// A count stated in prose (`共2个节点`, `all three`), to cross-check against the hosts named beside it.
public struct StatedCount: Sendable, Equatable {
    public var count: Int
    public var evidence: String
}

/// Finds host references in prose, comments and annotation values (SPEC section 2, rule 4).
///
/// Knows the guide's own inventory (names and roles) and its subnet, for `80节点`-style shorthand.
public final class HostFinder: Sendable {
    public let inventory: [InventoryHost]
    /// The /24 prefix most addresses in the guide share (`29.16.21`), for last-octet shorthand.
    public let subnet: String?

    /// Names and roles → the addresses they stand for.
    private let words: [String: [String]]
    private let nonASCIIWords: [(String, [String])]
    /// The lengths (in bytes, as bits; 63 for any longer) of the words, to skip most words of a text
    /// without making a String.
    private let wordLengths: UInt64
    /// The first host (by table order) whose name or address is the key, and the hosts of each role.
    private let byNameOrAddress: [String: Int]
    private let byRole: [String: [Int]]
    /// Names and roles lowercased and singular (`Workers` → `worker`) → their addresses, for scope words.
    private let foldedWords: [String: [String]]

    public init(inventory: [InventoryHost], subnet: String?) {
        self.inventory = inventory
        self.subnet = subnet
        var words: [String: [String]] = [:]
        for host in inventory {
            for word in [host.name, host.role] where !word.isEmpty && !(words[word]?.contains(host.address) ?? false) {
                words[word, default: []].append(host.address)
            }
        }
        self.words = words
        var folded: [String: [String]] = [:]
        for key in words.keys.sorted() {
            folded[ScopeWords.singular(key.lowercased()), default: []] += words[key]!
        }
        self.foldedWords = folded.mapValues { $0.uniqued() }
        self.nonASCIIWords = words.filter { !$0.key.allSatisfy(\.isASCII) }.map { ($0.key, $0.value) }
        self.wordLengths = words.keys.reduce(0) { $0 | 1 << UInt64(min($1.utf8.count, 63)) }
        var byNameOrAddress: [String: Int] = [:]
        var byRole: [String: [Int]] = [:]
        for (index, host) in inventory.enumerated() {
            if byNameOrAddress[host.name] == nil { byNameOrAddress[host.name] = index }
            if byNameOrAddress[host.address] == nil { byNameOrAddress[host.address] = index }
            byRole[host.role, default: []].append(index)
        }
        self.byNameOrAddress = byNameOrAddress
        self.byRole = byRole
    }

    /// Counts in English (`all three`, `both`); the Chinese form (`共3个`) is read by hand, being on most paragraphs.
    private static let statedEnglish = try! NSRegularExpression(pattern:
        #"(?i:\ball\s+(two|three|four|five|six|seven|eight|nine|ten|\d+)\b)|(?i:\bboth\b)"#)
    private static let allHosts = try! NSRegularExpression(pattern:
        #"所有(?:的)?(?:节点|机器|主机|服务器)|每一?台|(?i:\b(?:on\s+)?(?:all|every|each)\s+(?:of\s+the\s+)?(?:nodes?|hosts?|machines?|servers?)\b)"#)

    /// Every host mention in `text`, in order of appearance.
    public func mentions(in text: String) -> [HostMention] {
        mentions(in: text, bytes: Array(text.utf8))
    }

    /// `mentions(in: text)`, given the text's UTF-8 bytes.
    func mentions(in text: String, bytes: [UInt8]) -> [HostMention] {
        var found = AddressScanner(bytes: bytes).addresses()
        // One pass finds the words that end a shorthand (`节点`) and the scope words (`所有`, `all`).
        let proseWords = Self.proseWords
        let words = subnet != nil || !inventory.isEmpty ? proseWords.occurrences(in: bytes) : []
        if let subnet {
            let nodeWords = words.filter { $0.word < Self.nodeWords.count }.map { ($0.offset, proseWords.words[$0.word].count) }
            found += AddressScanner(bytes: bytes).shorthands(subnet: subnet, endingIn: nodeWords, avoiding: found)
        }
        found += nameMentions(in: text, bytes: bytes)
        if !inventory.isEmpty {
            if words.contains(where: { $0.word >= Self.nodeWords.count }) {
                let ns = text as NSString
                if let match = Self.allHosts.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
                    let offset = ns.substring(to: match.range.location).utf8.count
                    found.append(HostMention(hosts: uniqueAddresses, evidence: ns.substring(with: match.range), offset: offset))
                }
            }
        }
        return found.sorted { $0.offset < $1.offset }
    }

    /// Counts stated in `text` (`共2个节点` → 2, `all three` → 3, `both` → 2), in order: `共 N 个` or
    /// `共 N 台` (N in digits or Chinese numerals, white space around it; read by `ChineseCountReader`,
    /// FastPaths), `all N` and `both` as whole words, in any case.
    public func statedCounts(in text: String) -> [StatedCount] {
        statedCounts(bytes: Array(text.utf8))
    }

    /// `statedCounts(in:)` of the text whose UTF-8 is `bytes`.
    func statedCounts(bytes: [UInt8]) -> [StatedCount] {
        guard Self.countWords.occur(in: bytes) else { return [] }
        var found = ChineseCountReader.counts(bytes)
        if Self.englishCountWords.occur(in: bytes) {
            let text = String(decoding: bytes, as: UTF8.self)
            let ns = text as NSString
            for match in Self.statedEnglish.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let evidence = ns.substring(with: match.range)
                let offset = ns.substring(to: match.range.location).utf8.count
                if match.range(at: 1).location != NSNotFound, let n = Self.number(ns.substring(with: match.range(at: 1))) {
                    found.append((offset, StatedCount(count: n, evidence: evidence)))
                } else if evidence.lowercased() == "both" {
                    found.append((offset, StatedCount(count: 2, evidence: evidence)))
                }
            }
            found.sort { $0.offset < $1.offset }
        }
        return found.map(\.count)
    }

    /// Resolves one name as written (a prompt host, an annotation word) through the guide's tables:
    /// a hostname, or a role held by exactly one host. Nil when the tables do not know it.
    public func resolve(name: String) -> (address: String, how: String)? {
        guard let (index, isRole) = lookup(name) else { return nil }
        let host = inventory[index]
        return (host.address, isRole ? "role \(name) in table L\(host.line)" : "hostname in table L\(host.line)")
    }

    /// The addresses a table's hostname or role stands for, in any case, singular or plural
    /// (`worker` finds the role `workers`); nil when the tables do not know the word.
    func addresses(named word: String) -> [String]? {
        words[word] ?? foldedWords[ScopeWords.singular(word.lowercased())]
    }

    /// `resolve(name:)`'s address alone, without writing how it was found.
    func address(of name: String) -> String? {
        lookup(name).map { inventory[$0.index].address }
    }

    /// The table row that `name` stands for, and whether it was found as a role.
    private func lookup(_ name: String) -> (index: Int, isRole: Bool)? {
        if let index = byNameOrAddress[name] { return (index, false) }
        guard let holders = byRole[name], let first = holders.first,
              holders.allSatisfy({ inventory[$0].address == inventory[first].address }) else { return nil }
        return (first, true)
    }

    /// Words after a last octet that make it a host (`80节点`), then words that name every host.
    private static let nodeWords = ["节点", "号机", "主机"]
    private static let proseWords = ByteWords(nodeWords + ["所有", "每", "all", "every", "each"])
    private static let countWords = ByteWords(["共", "all", "both"])
    private static let englishCountWords = ByteWords(["all", "both"])

    private var uniqueAddresses: [String] { inventory.map(\.address).uniqued() }

    /// Inventory names and roles named as whole words (`coord节点`, `on cp1`).
    private func nameMentions(in text: String, bytes: [UInt8]) -> [HostMention] {
        guard !words.isEmpty else { return [] }
        var result: [HostMention] = []
        // One pass over ASCII word runs; names are hostnames and role words, so a dictionary lookup does.
        var start = -1
        let wordBytes = Self.wordBytes   // once: each use of a static checks that it is initialised
        for i in 0...bytes.count {
            if i < bytes.count, wordBytes[Int(bytes[i])] {
                if start < 0 { start = i }
            } else if start >= 0 {
                if wordLengths & 1 << UInt64(min(i - start, 63)) != 0 {
                    let word = String(decoding: bytes[start..<i], as: UTF8.self)
                    if let addresses = words[word] { result.append(HostMention(hosts: addresses, evidence: word, offset: start)) }
                }
                start = -1
            }
        }
        // Names outside ASCII (a role like 数据库) are rare: search for them directly.
        for (word, addresses) in nonASCIIWords {
            var searchStart = text.startIndex
            while let range = text.range(of: word, range: searchStart..<text.endIndex) {
                searchStart = range.upperBound
                result.append(HostMention(hosts: addresses, evidence: word,
                                          offset: text.utf8.distance(from: text.startIndex, to: range.lowerBound)))
            }
        }
        return result
    }

    /// Bytes of a name as a whole word: ASCII letters, digits and `_-./@` (a table: this runs on every byte of prose).
    private static let wordBytes: [Bool] = (0...255).map { (b: Int) in
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E || b == 0x2F || b == 0x40
    }

    /// Parses `3`, `三`, `十二`, `three`.
    static func number(_ text: String) -> Int? {
        if let n = Int(text) { return n }
        let english = ["two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10]
        if let n = english[text.lowercased()] { return n }
        let digits: [Character: Int] = ["一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        var total = 0, current = 0
        for c in text {
            if c == "十" { total += max(current, 1) * 10; current = 0 } else if let d = digits[c] { current = d } else { return nil }
        }
        return total + current
    }

    /// The /24 prefix shared by most addresses in `texts` (`29.16.21`).
    public static func dominantSubnet(addresses: [String]) -> String? {
        var counts: [String: Int] = [:]
        for address in addresses {
            let parts = address.split(separator: ".")
            guard parts.count == 4 else { continue }
            counts[parts.prefix(3).joined(separator: "."), default: 0] += 1
        }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }
}

/// Finds IPv4 addresses, ranges and last-octet shorthand in UTF-8 bytes by hand: this runs on every
/// paragraph and comment of a guide, and regular expressions made it the slowest part of `plan`.
struct AddressScanner {
    let bytes: [UInt8]

    private static let rangeSeparators: [[UInt8]] = ["~", "～", "–", "—", "-", "到", "至"].map { Array($0.utf8) }
    private static let listSeparators: [[UInt8]] = ["、", ",", "，", "和"].map { Array($0.utf8) }
    private static let number: [UInt8] = Array("号".utf8)

    private func isDigit(_ i: Int) -> Bool { i >= 0 && i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
    private func byte(_ i: Int) -> UInt8? { i >= 0 && i < bytes.count ? bytes[i] : nil }

    /// Reads 1–3 digits at `i` (not followed by another digit); returns the value and the index after.
    private func octet(at i: Int) -> (value: Int, end: Int)? {
        var j = i, value = 0
        while j < bytes.count, j - i < 4, isDigit(j) { value = value * 10 + Int(bytes[j] - 0x30); j += 1 }
        guard j > i, j - i <= 3, !isDigit(j), value <= 255 else { return nil }
        return (value, j)
    }

    /// The /24 prefix of an address, as numbers.
    private typealias Prefix = (Int, Int, Int)

    /// `a.b.c.d` written digit by digit: this runs for every address of every paragraph, and string
    /// interpolation was most of its cost. At most 15 bytes, so Swift keeps it without allocating.
    private static func dotted(_ prefix: Prefix, _ last: Int) -> String {
        String(unsafeUninitializedCapacity: 15) { buffer in
            var count = 0
            func put(_ value: Int, dot: Bool) {
                if value >= 100 { buffer[count] = 0x30 + UInt8(value / 100); count += 1 }
                if value >= 10 { buffer[count] = 0x30 + UInt8(value / 10 % 10); count += 1 }
                buffer[count] = 0x30 + UInt8(value % 10)
                count += 1
                if dot { buffer[count] = UInt8(ascii: "."); count += 1 }
            }
            put(prefix.0, dot: true)
            put(prefix.1, dot: true)
            put(prefix.2, dot: true)
            put(last, dot: false)
            return count
        }
    }

    /// A dotted quad at `i`: the /24 prefix, the last octet, and the index after it.
    private func quad(at i: Int) -> (prefix: Prefix, last: Int, end: Int, ansible: ClosedRange<Int>?)? {
        var parts = (0, 0, 0)
        var j = i
        for part in 0..<3 {
            guard let o = octet(at: j), byte(o.end) == UInt8(ascii: ".") else { return nil }
            switch part {
            case 0: parts.0 = o.value
            case 1: parts.1 = o.value
            default: parts.2 = o.value
            }
            j = o.end + 1
        }
        if byte(j) == UInt8(ascii: "["), let lo = octet(at: j + 1), byte(lo.end) == UInt8(ascii: ":"),
           let hi = octet(at: lo.end + 1), byte(hi.end) == UInt8(ascii: "]"), lo.value <= hi.value {
            return (parts, lo.value, hi.end + 1, lo.value...hi.value)
        }
        guard let last = octet(at: j), byte(last.end) != UInt8(ascii: ".") || !isDigit(last.end + 1) else { return nil }
        return (parts, last.value, last.end, nil)
    }

    private func matchWord(_ word: [UInt8], at i: Int) -> Bool {
        guard i >= 0, i + word.count <= bytes.count else { return false }
        for (k, b) in word.enumerated() where bytes[i + k] != b { return false }
        return true
    }

    private func skipSpaces(_ i: Int) -> Int {
        var j = i
        while byte(j) == 0x20 { j += 1 }
        return j
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// Addresses and ranges: `29.16.21.73`, `29.16.21.73~29.16.21.74`, `29.16.21.73~74`, `10.0.0.1 - 10.0.0.3`, `10.0.0.[1:3]`.
    func addresses() -> [HostMention] {
        var result: [HostMention] = []
        var i = 0
        while i < bytes.count {
            guard isDigit(i), !isDigit(i - 1), byte(i - 1) != UInt8(ascii: "."), let start = quad(at: i) else { i += 1; continue }
            if let range = start.ansible {
                result.append(HostMention(hosts: range.map { Self.dotted(start.prefix, $0) }, evidence: text(i..<start.end), offset: i))
                i = start.end
                continue
            }
            var hosts = [Self.dotted(start.prefix, start.last)]
            var end = start.end
            // An optional range end after a separator: a full address in the same /24, or a last octet.
            let afterSpace = skipSpaces(start.end)
            if let separator = Self.rangeSeparators.first(where: { matchWord($0, at: afterSpace) }) {
                let next = skipSpaces(afterSpace + separator.count)
                if let full = quad(at: next), full.ansible == nil {
                    if full.prefix == start.prefix, full.last > start.last {
                        hosts = (start.last...full.last).map { Self.dotted(start.prefix, $0) }
                        end = full.end
                    }
                } else if let last = octet(at: next), byte(last.end) != UInt8(ascii: "."), last.value > start.last {
                    hosts = (start.last...last.value).map { Self.dotted(start.prefix, $0) }
                    end = last.end
                }
            }
            result.append(HostMention(hosts: hosts, evidence: text(i..<end), offset: i))
            i = end
        }
        return result
    }

    /// Last-octet shorthand within the guide's subnet: `80节点`, `80、81节点`, `81号节点`, given where
    /// the node words (`节点`…) are: their offsets and lengths.
    func shorthands(subnet: String, endingIn nodeWords: [(offset: Int, length: Int)], avoiding taken: [HostMention]) -> [HostMention] {
        var result: [HostMention] = []
        for (i, length) in nodeWords {
            var j = i
            if j >= Self.number.count, matchWord(Self.number, at: j - Self.number.count) { j -= Self.number.count }
            var octets: [Int] = []
            var start = j
            while true {
                var k = j
                while byte(k - 1) == 0x20 { k -= 1 }
                var d = k
                while isDigit(d - 1) { d -= 1 }
                guard d < k, k - d <= 3, byte(d - 1) != UInt8(ascii: "."), let value = Int(text(d..<k)), value <= 255 else { break }
                octets.insert(value, at: 0)
                start = d
                var s = d
                while byte(s - 1) == 0x20 { s -= 1 }
                guard let separator = Self.listSeparators.first(where: { s - $0.count >= 0 && matchWord($0, at: s - $0.count) }) else { break }
                j = s - separator.count
            }
            let end = i + length
            guard !octets.isEmpty, !taken.contains(where: { $0.offset <= start && start < $0.offset + $0.evidence.utf8.count }) else { continue }
            result.append(HostMention(hosts: octets.map { "\(subnet).\($0)" }, evidence: text(start..<end), offset: start))
        }
        return result
    }
}
