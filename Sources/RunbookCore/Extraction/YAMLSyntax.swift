internal import CYaml

/// A quick look at YAML with libyaml's event parser, the parser Yams itself uses, without building
/// nodes: most YAML blocks are fine, and composing them with Yams was the costliest part of `plan`.
enum YAMLSyntax {
    /// True when `text` plainly parses: libyaml reads it to the end, no mapping repeats a key, and
    /// nothing needs a closer look (aliases, keys that are not scalars). False means: ask Yams.
    static func isPlainlyValid(_ text: String) -> Bool {
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
}
