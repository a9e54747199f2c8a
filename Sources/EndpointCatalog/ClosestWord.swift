import Diagnostics

/// The candidate closest to a misspelt word (as `suggestion(for:among:)` finds it), or else one that ends with the
/// word after an underscore (`term_id` → `enrollment_term_id`); nil when none is close.
func closestWord(to word: String, among candidates: some Collection<String>) -> String? {
    if let close = suggestion(for: word, among: candidates) { return close }
    return candidates.filter { $0.hasSuffix("_" + word) }.min { ($0.count, $0) < ($1.count, $1) }
}
