extension Array where Element: Sendable {
    /// The elements transformed concurrently, at most `width` at a time, results in the original order.
    /// The first error cancels the rest and is rethrown.
    func concurrentMap<Result: Sendable>(
        width: Int,
        _ transform: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Result] {
        var results = [Result?](repeating: nil, count: count)
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = startIndex
            func startNext() {
                guard next < endIndex else { return }
                let index = next
                let element = self[index]
                next += 1
                group.addTask { (index, try await transform(element)) }
            }
            for _ in 0..<Swift.max(1, width) { startNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                startNext()
            }
        }
        return results.compactMap { $0 }
    }
}
