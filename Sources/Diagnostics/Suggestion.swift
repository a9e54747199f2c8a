/// The closest candidate to a misspelt name, if one is close enough to be what the user meant.
///
/// Uses the edit distance between the two (case-insensitive), and accepts a candidate within a third of the
/// word's length (at least 1, at most 3 edits), so `need` suggests `needs` and `foo` suggests nothing among `steps`.
public func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
    let lowered = Array(word.lowercased().unicodeScalars)
    let limit = max(1, min(3, lowered.count / 3 + (lowered.count >= 4 ? 1 : 0)))
    var best: (candidate: String, distance: Int)?
    for candidate in candidates where candidate != word {
        let distance = editDistance(lowered, Array(candidate.lowercased().unicodeScalars))
        guard distance <= limit else { continue }
        if let current = best, (current.distance, current.candidate) <= (distance, candidate) { continue }
        best = (candidate, distance)
    }
    return best?.candidate
}

/// The Damerau–Levenshtein distance (with adjacent transpositions) between two scalar arrays.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], previousPrevious[j - 2] + 1)
            }
        }
        previousPrevious = previous
        previous = current
    }
    return previous[b.count]
}
