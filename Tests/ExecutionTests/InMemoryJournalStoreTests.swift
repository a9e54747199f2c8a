import EaselTestSupport
import Execution
import Testing

@Suite struct InMemoryJournalStoreTests {
    @Test(arguments: JournalStoreConformance.allCases)
    func conformsToTheJournalContract(_ check: JournalStoreConformance) async throws {
        try await check.run { InMemoryJournalStore() }
    }
}
