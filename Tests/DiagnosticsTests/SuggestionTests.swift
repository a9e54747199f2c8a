import Diagnostics
import Testing

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("need", ["needs", "name", "when"], "needs"),
        ("gett", ["get", "request", "ensure"], "get"),
        ("NEEDS", ["needs"], "needs"),
        ("rqeuest", ["get", "request"], "request"),
        ("paralelism", ["parallelism", "retry"], "parallelism"),
        ("acount", ["account", "term"], "account"),
    ])
    func suggestsTheClosestCandidate(_ word: String, _ candidates: [String], _ expected: String) {
        #expect(suggestion(for: word, among: candidates) == expected)
    }

    @Test(arguments: [
        ("foo", ["steps", "vars"]),
        ("x", ["abc"]),
        ("needs", ["needs"]),
        ("anything", [String]()),
    ])
    func suggestsNothingFarOrIdentical(_ word: String, _ candidates: [String]) {
        #expect(suggestion(for: word, among: candidates) == nil)
    }

    @Test func aTieGoesToTheCandidateFirstInAlphabeticalOrder() {
        #expect(suggestion(for: "cat", among: ["cut", "bat", "cab"]) == "bat")
        #expect(suggestion(for: "cat", among: ["cut", "cab", "bat"]) == "bat")
    }

    @Test func theLimitGrowsWithTheWord() {
        // Three letters allow one edit; nine allow three.
        #expect(suggestion(for: "abc", among: ["xyc"]) == nil)
        #expect(suggestion(for: "abc", among: ["abd"]) == "abd")
        #expect(suggestion(for: "abcdefghi", among: ["abcdefxyz"]) == "abcdefxyz")
        #expect(suggestion(for: "abcdefghi", among: ["abcdewxyz"]) == nil)
    }
}
