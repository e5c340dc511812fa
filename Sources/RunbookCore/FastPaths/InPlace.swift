extension Array {
    /// Calls `body` with each element (of those in `range`, if given) in place, where `for element in
    /// array` or `array[index]` would copy it: retain, then release, each string and array in it.
    ///
    /// The optimizer lends an element accessed `inout` as it is, while it copies one read through the
    /// buffer's subscript or `pointee` to be sure it stays valid. So each is accessed `inout`, through
    /// a mutable pointer, and passed on borrowed; nothing writes to it. Its reference is `for element in
    /// array[range]`: the same elements in the same order (the JSON and golden plan tests hold it to that).
    public func forEachInPlace(in range: Range<Int>? = nil, _ body: (borrowing Element) -> Void) {
        withUnsafeBufferPointer { elements in
            let range = range ?? elements.indices
            precondition(range.lowerBound >= 0 && range.upperBound <= elements.count, "range out of bounds")
            guard let first = elements.baseAddress, !range.isEmpty else { return }
            let inPlace = UnsafeMutablePointer(mutating: first)
            for index in range { lend(&inPlace[index], to: body) }
        }
    }
}

/// Passes `value`, accessed `inout`, to `body` borrowed (see `forEachInPlace`).
@inline(__always)
private func lend<Value>(_ value: inout Value, to body: (borrowing Value) -> Void) {
    body(value)
}
