import Execution
import Foundation
import Testing

@Suite struct RunIDTests {
    @Test func namesTheUTCStartTimeAndARandomSuffix() throws {
        // 2026-11-25 14:23:01 UTC
        let start = Date(timeIntervalSince1970: 1_795_616_581)
        let id = RunID.generate(at: start)
        #expect(id.rawValue.hasPrefix("20261125-142301-"))
        #expect(id.rawValue.count == 20)
        #expect(RunID(validating: id.rawValue) == id)
    }

    @Test func sortsByStartTime() {
        let earlier = RunID.generate(at: Date(timeIntervalSince1970: 1_795_616_581))
        let later = RunID.generate(at: Date(timeIntervalSince1970: 1_795_616_582))
        #expect(earlier < later)
        #expect([later, earlier].sorted() == [earlier, later])
    }

    @Test func drawsDifferentSuffixesForRunsInTheSameSecond() {
        let start = Date(timeIntervalSince1970: 1_795_616_581)
        let ids = Set((0..<50).map { _ in RunID.generate(at: start) })
        #expect(ids.count > 40)
    }

    @Test(arguments: ["20261125-142301-7f3a", "20000101-000000-0000"])
    func acceptsWellFormedIDs(_ text: String) {
        #expect(RunID(validating: text)?.rawValue == text)
    }

    @Test(arguments: [
        "", "latest", "20261125-142301", "2026-11-25-7f3a", "20261125-142301-7F3A", "20261125-1423x1-7f3a",
    ])
    func rejectsMalformedIDs(_ text: String) {
        #expect(RunID(validating: text) == nil)
    }
}
