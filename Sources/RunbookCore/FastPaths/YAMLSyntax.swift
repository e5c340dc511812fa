internal import CYaml

/// A quick look at YAML with libyaml's event parser, the parser Yams itself uses, without building
/// nodes: most YAML blocks are fine, and composing them with Yams was the costliest part of `plan`.
///
/// Judges: Yams for `isPlainlyValid` (whatever it accepts, Yams composes without error; whatever it
/// refuses, `BlockFacts.yamlError` asks Yams about), and libyaml (`readsPlainly`) for `isSimpleMapping`;
/// `FastPathTests` compare them on seeded random YAML.
enum YAMLSyntax {
    /// True when `text` plainly parses: libyaml reads it to the end, no mapping repeats a key, and
    /// nothing needs a closer look (aliases, keys that are not scalars). False means: ask Yams.
    static func isPlainlyValid(_ text: String) -> Bool {
        isSimpleMapping(text) || readsPlainly(text)
    }

    /// `isPlainlyValid` by libyaml's events.
    static func readsPlainly(_ text: String) -> Bool {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return false }
        defer { yaml_parser_delete(&parser) }
        var text = text
        return text.withUTF8 { bytes in
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            /// Open collections, innermost last: for a mapping, its keys so far and whether a key comes next.
            var open: [(isMapping: Bool, keyNext: Bool, keys: Keys)] = []
            /// A node starts: in a mapping it is a key or a value, and a key must be a new scalar
            /// (`key` gives its text, read only for keys).
            func node(key: () -> String?) -> Bool {
                guard let last = open.indices.last, open[last].isMapping else { return true }
                if open[last].keyNext {
                    guard let key = key(), open[last].keys.insert(key) else { return false }
                }
                open[last].keyNext.toggle()
                return true
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return false }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return true
                case YAML_ALIAS_EVENT, YAML_NO_EVENT:
                    return false
                case YAML_SCALAR_EVENT:
                    let scalar = event.data.scalar
                    guard node(key: { String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self) })
                    else { return false }
                case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
                    guard node(key: { nil }) else { return false }
                    open.append((event.type == YAML_MAPPING_START_EVENT, true, Keys()))
                case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                    open.removeLast()
                default:
                    break   // stream, document start and end
                }
            }
        }
    }

    /// The keys of one mapping so far. Most mappings have a few: those are compared one by one,
    /// which is cheaper than hashing each; a long one moves to a set.
    private struct Keys {
        private var few: [String] = []
        private var many: Set<String>?

        /// Adds `key`; false when it was there already.
        mutating func insert(_ key: String) -> Bool {
            if many != nil { return many!.insert(key).inserted }
            guard !few.contains(key) else { return false }
            few.append(key)
            if few.count > 16 { many = Set(few); few = [] }
            return true
        }
    }

    /// True for the YAML most guides hold, read without libyaml: block mappings of `key: value` and
    /// `key:` lines (ASCII words, values of word characters and inner spaces, no comments, tabs,
    /// quotes, flow or sequence syntax), each nested mapping deeper than its key, dedents back to an
    /// open level, no key twice in a mapping. All of that libyaml reads without error; anything else
    /// (false) goes to libyaml. A test holds the two to that on random YAML.
    static func isSimpleMapping(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard !bytes.isEmpty else { return false }
            /// Open mappings, outermost first: their indentation and keys so far.
            var levels: [(indent: Int, keys: Keys)] = []
            var opensMapping = false   // the last line was `key:`, so a deeper line may follow
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                var i = start
                while i < end, bytes[i] == 0x20 { i += 1 }
                guard i < end else { continue }   // a blank line
                let indent = i - start
                // The key: a letter or `_`, then word characters, then `:` and the end or a space.
                guard isLetter(bytes[i]) else { return false }
                let keyStart = i
                while i < end, isWord(bytes[i]) { i += 1 }
                guard i < end, bytes[i] == UInt8(ascii: ":"), i - keyStart <= 128 else { return false }
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<i]), as: UTF8.self)
                i += 1
                var hasValue = false
                if i < end {
                    // ` value`: starts with a word character other than `.` or `-`, no trailing space.
                    guard bytes[i] == 0x20, i + 1 < end, isLetter(bytes[i + 1]) || isDigit(bytes[i + 1]) || bytes[i + 1] == UInt8(ascii: "/"),
                          bytes[end - 1] != 0x20 else { return false }
                    for j in (i + 1)..<end where !(isWord(bytes[j]) || bytes[j] == UInt8(ascii: "/") || (bytes[j] == 0x20 && bytes[j - 1] != 0x20)) {
                        return false
                    }
                    hasValue = true
                }
                // Where the line belongs: a new mapping under the last key, or an open one.
                if levels.isEmpty || (opensMapping && indent > levels[levels.count - 1].indent) {
                    guard levels.count < 512 else { return false }   // libyaml refuses nesting past 1,000 levels
                    levels.append((indent, Keys()))
                } else {
                    while let last = levels.last, last.indent > indent { levels.removeLast() }
                    guard let last = levels.last, last.indent == indent else { return false }
                }
                guard levels[levels.count - 1].keys.insert(key) else { return false }
                opensMapping = !hasValue
            }
            return !levels.isEmpty
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
    }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isWord(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}
