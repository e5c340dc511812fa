/// A small streaming JSON writer: keys stay in the order written (the plan contract lists them in
/// a fixed order), and large plans render without building an intermediate tree.
///
/// Strings are escaped a run at a time (only `"`, `\` and control bytes are rewritten), so the cost
/// is close to copying their UTF-8. Parts of one array can be written by separate writers (from
/// `part()`, say on several threads) and added in order with `append(part:)`, which keeps them as
/// pieces of the output instead of copying them in.
public struct JSONWriter: Sendable {
    /// What was written, in order: `pieces`, then `bytes`.
    private var pieces: [[UInt8]] = []
    private var bytes: [UInt8] = []
    /// Whether the open container (or the top level) already has an element. Its parent always has
    /// one, the container itself, so no stack is needed.
    private var needsComma = false
    private let pretty: Bool
    private var depth = 0

    public init(pretty: Bool = true) {
        self.pretty = pretty
        bytes.reserveCapacity(1 << 16)
    }

    /// The JSON written so far, as one array (a copy when parts were appended).
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

    public mutating func object(_ key: String? = nil, _ body: (inout JSONWriter) -> Void) {
        open(key, UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func array(_ key: String? = nil, _ body: (inout JSONWriter) -> Void) {
        open(key, UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    public mutating func field(_ key: String?, _ value: String?) {
        prefix(key)
        if let value { string(value) } else { literal("null") }
    }

    public mutating func field(_ key: String?, _ value: Int) {
        prefix(key)
        integer(value)
    }

    public mutating func field(_ key: String?, _ value: Double) {
        prefix(key)
        if value == value.rounded() && abs(value) < 1e15 { integer(Int(value)) } else { bytes.append(contentsOf: String(value).utf8) }
    }

    public mutating func field(_ key: String?, _ value: Bool) {
        prefix(key)
        literal(value ? "true" : "false")
    }

    public mutating func strings(_ key: String, _ values: [String]) {
        array(key) { json in for value in values { json.field(nil, value) } }
    }

    private mutating func open(_ key: String?, _ bracket: UInt8) {
        prefix(key)
        bytes.append(bracket)
        needsComma = false
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        let hadItems = needsComma
        needsComma = true
        depth -= 1
        if pretty && hadItems { newline() }
        bytes.append(bracket)
    }

    private mutating func prefix(_ key: String?) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
        if pretty && depth > 0 { newline() }
        if let key {
            string(key)
            bytes.append(UInt8(ascii: ":"))
            if pretty { bytes.append(UInt8(ascii: " ")) }
        }
    }

    /// A newline and two spaces per level. The spaces come from a static string: a shared array
    /// would be retained and released on every line, from every thread that renders.
    private mutating func newline() {
        let indentation: StaticString = "\n                                "
        let spaces = 2 * depth
        if spaces < indentation.utf8CodeUnitCount {
            indentation.withUTF8Buffer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[...spaces])) }
        } else {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: spaces))
        }
    }

    private mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Decimal digits, without going through a String.
    private mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var power: UInt = 1
        while power <= magnitude / 10 { power *= 10 }
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude / power))
            magnitude %= power
            power /= 10
        } while power > 0
    }

    private mutating func string(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var copy = value
            copy.withUTF8 { escaped($0) }
        }
    }

    /// `utf8` quoted: runs that need no escape are appended whole; `"`, `\`, control bytes and DEL are escaped.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var run = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F else { continue }
            if run < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index])) }
            run = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                let hex: StaticString = "0123456789abcdef"
                bytes.append(UInt8(ascii: "u"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0xF)])
            }
        }
        if run < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...])) }
        bytes.append(UInt8(ascii: "\""))
    }
}
