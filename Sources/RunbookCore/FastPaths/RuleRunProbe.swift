/// Whether a code block holds a run of five `=` or `-` (an ASCII table's rule), looking at every fifth
/// byte only: any such run covers one of them, and is measured from there.
///
/// Judge: `occursByScan`, the byte-by-byte scan; `FastPathTests` compare the two on seeded random text.
enum RuleRunProbe {
    /// `InventoryTable.hasRuleRun`: five `=` or `-` in a row.
    static func occurs(in body: String) -> Bool {
        func isRuleByte(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "=") || byte == UInt8(ascii: "-") }
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var probe = 4
            while probe < bytes.count {
                if isRuleByte(bytes[probe]) {
                    var start = probe, end = probe + 1
                    while start > 0, isRuleByte(bytes[start - 1]) { start -= 1 }
                    while end < bytes.count, isRuleByte(bytes[end]) { end += 1 }
                    if end - start >= 5 { return true }
                    probe = end + 5   // a later run starts past `end`: probing every fifth byte from here still meets it
                } else {
                    probe += 5
                }
            }
            return false
        }
        if let found = body.utf8.withContiguousStorageIfAvailable(search) { return found }
        var copy = body
        return copy.withUTF8(search)
    }

    /// The judge: every byte in turn, counting the run it ends.
    static func occursByScan(_ body: String) -> Bool {
        var run = 0
        for byte in body.utf8 {
            run = byte == UInt8(ascii: "=") || byte == UInt8(ascii: "-") ? run + 1 : 0
            if run >= 5 { return true }
        }
        return false
    }
}
