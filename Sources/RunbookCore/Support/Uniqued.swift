extension Array where Element: Hashable {
    /// The elements without repeats, each at its first occurrence. Short arrays (host lists, a few
    /// per step) are searched linearly: hashing every element cost more than comparing a handful.
    func uniqued() -> [Element] {
        guard count > 16 else {
            var result: [Element] = []
            result.reserveCapacity(count)
            for element in self where !result.contains(element) { result.append(element) }
            return result
        }
        var seen = Set<Element>(minimumCapacity: count)
        return filter { seen.insert($0).inserted }
    }
}
