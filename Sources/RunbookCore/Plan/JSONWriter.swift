/// A small streaming JSON writer: keys stay in the order written (the plan contract lists them in
/// a fixed order), and large plans render without building an intermediate tree.
public struct JSONWriter {
    public private(set) var output: [UInt8] = []
    private var needsComma: [Bool] = [false]
    private let pretty: Bool
    private var depth = 0

    public init(pretty: Bool = true) {
        self.pretty = pretty
        output.reserveCapacity(1 << 16)
    }

    /// The JSON text written so far.
    public var text: String { String(decoding: output, as: UTF8.self) }

    public mutating func object(_ key: String? = nil, _ body: (inout JSONWriter) -> Void) {
        open(key, "{")
        body(&self)
        close("}")
    }

    public mutating func array(_ key: String? = nil, _ body: (inout JSONWriter) -> Void) {
        open(key, "[")
        body(&self)
        close("]")
    }

    public mutating func field(_ key: String?, _ value: String?) {
        prefix(key)
        if let value { string(value) } else { append("null") }
    }

    public mutating func field(_ key: String?, _ value: Int) {
        prefix(key)
        append(String(value))
    }

    public mutating func field(_ key: String?, _ value: Double) {
        prefix(key)
        append(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
    }

    public mutating func field(_ key: String?, _ value: Bool) {
        prefix(key)
        append(value ? "true" : "false")
    }

    public mutating func strings(_ key: String, _ values: [String]) {
        array(key) { json in for value in values { json.field(nil, value) } }
    }

    private mutating func open(_ key: String?, _ bracket: String) {
        prefix(key)
        append(bracket)
        needsComma.append(false)
        depth += 1
    }

    private mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        depth -= 1
        if pretty && hadItems { newline() }
        append(bracket)
    }

    private mutating func prefix(_ key: String?) {
        if needsComma[needsComma.count - 1] { output.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        if pretty && depth > 0 { newline() }
        if let key {
            string(key)
            output.append(UInt8(ascii: ":"))
            if pretty { output.append(UInt8(ascii: " ")) }
        }
    }

    private mutating func newline() {
        output.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { output.append(contentsOf: [32, 32]) }
    }

    private mutating func append(_ text: String) { output.append(contentsOf: text.utf8) }

    private mutating func string(_ value: String) {
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): output.append(contentsOf: [92, 92])
            case 0x0A: output.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
