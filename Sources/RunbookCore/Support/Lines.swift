extension String {
    /// The text split at every "\n", empty pieces kept: what `split(separator: "\n",
    /// omittingEmptySubsequences: false)` gives (a newline is always a character of its own), found
    /// by bytes rather than by characters, which made line splitting one of the slowest parts of `plan`.
    var linesAtNewlines: [Substring] {
        var result: [Substring] = []
        let utf8 = self.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x0A {
                result.append(self[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        result.append(self[start..<utf8.endIndex])
        return result
    }
}
