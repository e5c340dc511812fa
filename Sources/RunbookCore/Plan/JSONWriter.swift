/// A small streaming JSON writer: keys stay in the order written (the plan contract lists them in
/// a fixed order), and large plans render without building an intermediate tree.
///
/// Each value goes out in one step: its separator, indentation, key and value are written through a
/// pointer into capacity reserved for all of them at once (`append(atMost:)`), so the array is checked
/// for uniqueness and room once per value rather than once per byte. Strings are escaped a run at a
/// time (only `"`, `\`, control bytes and DEL are rewritten, found through a table), so the cost is
/// close to copying their UTF-8. Keys given as literals (`StaticString`) are copied as they are,
/// without that scan; keys given as `String`s are escaped like values.
///
/// Parts of one array can be written by separate writers (from `part()`, say on several threads) and
/// added in order with `append(part:)`, which keeps them as pieces of the output instead of copying
/// them in. A long output is kept in pieces of about `pieceSize` too, so that it is never copied to grow.
public struct JSONWriter: Sendable {
    /// What was written, in order: `pieces`, then `bytes`.
    private var pieces: [[UInt8]] = []
    private var bytes: [UInt8] = []
    /// Whether the open container (or the top level) already has an element. Its parent always has
    /// one, the container itself, so no stack is needed.
    private var needsComma = false
    private let pretty: Bool
    private var depth = 0

    /// Past this many bytes, a writer that runs out of room starts a new piece instead of copying what
    /// it has into a buffer twice the size: a large plan is written once, not once per doubling.
    private static var pieceSize: Int { 1 << 20 }

    public init(pretty: Bool = true) {
        self.pretty = pretty
        bytes.reserveCapacity(1 << 16)
    }

    /// The JSON written so far, as one array (a copy when it is in pieces).
    public var output: [UInt8] {
        guard !pieces.isEmpty else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(pieces.reduce(bytes.count) { $0 + $1.count })
        for piece in pieces { output += piece }
        output += bytes
        return output
    }

    /// The JSON text written so far.
    public var text: String { String(decoding: output, as: UTF8.self) }

    /// The JSON written, in pieces to be concatenated in order, handed over without a copy: call it
    /// as `(consume writer).finish()` (or on the writer's last use), so that no copy of the writer
    /// still shares them.
    public consuming func finish() -> [[UInt8]] {
        bytes.isEmpty ? pieces : pieces + [bytes]
    }

    /// An empty writer for elements of the array (or fields of the object) open in this one: what it
    /// writes, passed to `append(part:)`, is what writing the same here would have written.
    public func part() -> JSONWriter {
        var part = JSONWriter(pretty: pretty)
        part.depth = depth
        return part
    }

    /// Adds a writer made by `part()` (of this writer, at this depth) after the elements so far; its
    /// bytes become pieces of this writer's output, not copied.
    public mutating func append(part: JSONWriter) {
        guard !part.pieces.isEmpty || !part.bytes.isEmpty else { return }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
        if !bytes.isEmpty { pieces.append(bytes) }
        pieces += part.pieces
        if !part.bytes.isEmpty { pieces.append(part.bytes) }
        bytes = []
    }

    // MARK: Writing, with literal keys

    // Keys are nearly always literals: these overloads take them as `StaticString`, whose bytes are
    // copied without an escaping scan. They must need no escaping (names, as the plan contract's
    // are), which debug builds check. The `String` overloads below take any key, escaping it.

    public mutating func object(_ key: StaticString? = nil, _ body: (inout JSONWriter) -> Void) {
        open(Key(key), UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func array(_ key: StaticString? = nil, _ body: (inout JSONWriter) -> Void) {
        open(Key(key), UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    public mutating func field(_ key: StaticString?, _ value: String?) {
        field(Key(key), value)
    }

    public mutating func field(_ key: StaticString?, _ value: Int) {
        field(Key(key), value)
    }

    public mutating func field(_ key: StaticString?, _ value: Double) {
        field(Key(key), value)
    }

    public mutating func field(_ key: StaticString?, _ value: Bool) {
        field(Key(key), value)
    }

    public mutating func strings(_ key: StaticString, _ values: [String]) {
        array(key) { json in json.elements(values) }
    }

    // MARK: Writing, with keys computed at run time

    // Disfavoured so that a literal key, which could be either, picks the `StaticString` overload.

    @_disfavoredOverload
    public mutating func object(_ key: String?, _ body: (inout JSONWriter) -> Void) {
        Self.withKey(key) { open($0, UInt8(ascii: "{")) }
        body(&self)
        close(UInt8(ascii: "}"))
    }

    @_disfavoredOverload
    public mutating func array(_ key: String?, _ body: (inout JSONWriter) -> Void) {
        Self.withKey(key) { open($0, UInt8(ascii: "[")) }
        body(&self)
        close(UInt8(ascii: "]"))
    }

    @_disfavoredOverload
    public mutating func field(_ key: String?, _ value: String?) {
        Self.withKey(key) { field($0, value) }
    }

    @_disfavoredOverload
    public mutating func field(_ key: String?, _ value: Int) {
        Self.withKey(key) { field($0, value) }
    }

    @_disfavoredOverload
    public mutating func field(_ key: String?, _ value: Double) {
        Self.withKey(key) { field($0, value) }
    }

    @_disfavoredOverload
    public mutating func field(_ key: String?, _ value: Bool) {
        Self.withKey(key) { field($0, value) }
    }

    @_disfavoredOverload
    public mutating func strings(_ key: String, _ values: [String]) {
        array(key) { json in json.elements(values) }
    }

    // MARK: Values

    /// A key: a literal, copied as it is, or a `String`'s UTF-8, escaped. A literal is kept as the
    /// `StaticString` itself, not as a buffer only valid in a closure: calling a closure that writes
    /// a value costs a retain and a release of the value, for each value.
    private enum Key {
        case literal(StaticString)
        case text(UnsafeBufferPointer<UInt8>)

        init?(_ key: StaticString?) {
            guard let key else { return nil }
            assert(key.withUTF8Buffer { $0.allSatisfy { JSONWriter.escapes.utf8Start[Int($0)] == UInt8(ascii: ".") } },
                   "key \(key) needs escaping: pass it as a String")
            self = .literal(key)
        }

        /// The most bytes it takes quoted, with the `: ` after it.
        var limit: Int {
            switch self {
            // One made from a Unicode scalar has no count: at most 4 bytes.
            case .literal(let name): (name.hasPointerRepresentation ? name.utf8CodeUnitCount : 4) + 4
            case .text(let utf8): 6 * utf8.count + 4
            }
        }
    }

    private static func withKey(_ key: String?, _ body: (Key?) -> Void) {
        guard let key else { return body(nil) }
        withUTF8(key) { body(.text($0)) }
    }

    private mutating func field(_ key: Key?, _ value: String?) {
        if let value { string(key, value) } else { write(key, atMost: 4) { $0.put("null") } }
    }

    private mutating func string(_ key: Key?, _ value: String) {
        Self.withUTF8(value) { utf8 in write(key, atMost: 6 * utf8.count + 2) { $0.quoted(utf8) } }
    }

    private mutating func field(_ key: Key?, _ value: Int) {
        write(key, atMost: 20) { $0.integer(value) }
    }

    private mutating func field(_ key: Key?, _ value: Double) {
        if value == value.rounded() && abs(value) < 1e15 { return field(key, Int(value)) }
        Self.withUTF8(String(value)) { utf8 in write(key, atMost: utf8.count) { $0.put(utf8) } }
    }

    private mutating func field(_ key: Key?, _ value: Bool) {
        write(key, atMost: 5) { $0.put(value ? "true" : "false") }
    }

    /// `values` as strings, elements of the open array, each read in place (not retained).
    private mutating func elements(_ values: [String]) {
        values.forEachInPlace { value in string(nil, value) }
    }

    private mutating func open(_ key: Key?, _ bracket: UInt8) {
        write(key, atMost: 1) { $0.put(bracket) }
        needsComma = false
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        let hadItems = needsComma
        needsComma = true
        depth -= 1
        let indentation = pretty && hadItems ? 2 * depth : nil
        append(atMost: 2 + 2 * depth) { cursor in
            if let indentation { cursor.newline(indentation) }
            cursor.put(bracket)
        }
    }

    /// Writes an element of the open container: the comma before it if it is not the first, its
    /// line when pretty, `key` (if in an object), then what `value` writes, at most `limit` bytes.
    private mutating func write(_ key: Key?, atMost limit: Int, _ value: (inout Cursor) -> Void) {
        let comma = needsComma
        let indentation = pretty && depth > 0 ? 2 * depth : nil
        let space = pretty
        needsComma = true
        append(atMost: 2 + 2 * depth + (key?.limit ?? 0) + limit) { cursor in
            if comma { cursor.put(UInt8(ascii: ",")) }
            if let indentation { cursor.newline(indentation) }
            if let key {
                switch key {
                case .literal(let name):
                    cursor.put(UInt8(ascii: "\""))
                    cursor.put(name)
                    cursor.put(UInt8(ascii: "\""))
                case .text(let utf8):
                    cursor.quoted(utf8)
                }
                cursor.put(UInt8(ascii: ":"))
                if space { cursor.put(UInt8(ascii: " ")) }
            }
            value(&cursor)
        }
    }

    // MARK: Bytes

    /// Appends what `write` writes, which must be at most `limit` bytes, through a cursor into
    /// capacity reserved for them: one uniqueness and capacity check instead of one per byte.
    private mutating func append(atMost limit: Int, _ write: (inout Cursor) -> Void) {
        if bytes.count >= Self.pieceSize && bytes.count + limit > bytes.capacity {
            pieces.append(bytes)
            bytes = []
            bytes.reserveCapacity(max(Self.pieceSize, limit))
        }
        bytes.append(addingCapacity: limit) { span in
            span.withUnsafeMutableBufferPointer { buffer, count in
                let start = buffer.baseAddress!
                var cursor = Cursor(next: start)
                write(&cursor)
                count = cursor.next - start
            }
        }
    }

    /// Calls `body` with the UTF-8 of `string`, in place for native strings.
    private static func withUTF8(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if string.utf8.withContiguousStorageIfAvailable(body) == nil {
            var copy = string
            copy.withUTF8(body)
        }
    }

    /// For each byte, what follows the backslash that escapes it in a string (`u` for `\u00XX`), or
    /// `.` if it needs no escape. One load per byte finds the few that need one.
    fileprivate static var escapes: StaticString {
        """
        uuuuuuuuutnuuruuuuuuuuuuuuuuuuuu\
        ..".............................\
        ............................\\...\
        ...............................u\
        ................................\
        ................................\
        ................................\
        ................................
        """
    }

    /// Where the next byte goes, in capacity reserved by `append(atMost:)`: writing is a plain store.
    private struct Cursor {
        var next: UnsafeMutablePointer<UInt8>

        mutating func put(_ byte: UInt8) {
            next.initialize(to: byte)
            next += 1
        }

        mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let start = bytes.baseAddress else { return }
            next.initialize(from: start, count: bytes.count)
            next += bytes.count
        }

        mutating func put(_ literal: StaticString) {
            literal.withUTF8Buffer { put($0) }
        }

        /// A newline and `spaces` spaces.
        mutating func newline(_ spaces: Int) {
            put(UInt8(ascii: "\n"))
            next.initialize(repeating: UInt8(ascii: " "), count: spaces)
            next += spaces
        }

        /// Decimal digits, without going through a String: counted, then written from the last.
        mutating func integer(_ value: Int) {
            if value < 0 { put(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var digits = 1
            var rest = magnitude
            while rest >= 10 {
                rest /= 10
                digits += 1
            }
            next += digits
            var digit = next
            repeat {
                digit -= 1
                digit.initialize(to: UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
        }

        /// `utf8` quoted: runs that need no escape are copied whole; `"`, `\`, control bytes and DEL
        /// are escaped (`\n`, `\r`, `\t` by letter, the others as `\u00XX`). At most 6 bytes per byte, plus 2.
        mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
            let escapes = JSONWriter.escapes.utf8Start
            put(UInt8(ascii: "\""))
            var run = 0
            for index in utf8.indices {
                let escape = escapes[Int(utf8[index])]
                guard escape != UInt8(ascii: ".") else { continue }
                if run < index { put(UnsafeBufferPointer(rebasing: utf8[run..<index])) }
                run = index + 1
                put(UInt8(ascii: "\\"))
                if escape == UInt8(ascii: "u") {
                    let hex: StaticString = "0123456789abcdef"
                    let byte = utf8[index]
                    put(UInt8(ascii: "u"))
                    put(UInt8(ascii: "0"))
                    put(UInt8(ascii: "0"))
                    put(hex.utf8Start[Int(byte >> 4)])
                    put(hex.utf8Start[Int(byte & 0xF)])
                } else {
                    put(escape)
                }
            }
            if run < utf8.count { put(UnsafeBufferPointer(rebasing: utf8[run...])) }
            put(UInt8(ascii: "\""))
        }
    }
}
