import Resources
import Testing

/// The choice between reading on in a listing and looking the remaining items up.
@Suite struct ReadCostModelTests {
    @Test func aListingWithALastPageIsReadOnOnlyWhenItsPagesAreFewerThanTheLookups() {
        // 200 items in an account of 20,000 users: one hit on the first of 200 pages.
        let large = ReadCostModel(pagesRead: 1, lastPage: 200, pageSize: 100, itemsSeen: 1, itemsUnseen: 199)
        #expect(large.remainingPages == 199)
        #expect(!large.readsOn)
        // The same items in an account of 201 users: half found on the first of three pages.
        let small = ReadCostModel(pagesRead: 1, lastPage: 3, pageSize: 100, itemsSeen: 100, itemsUnseen: 100)
        #expect(small.remainingPages == 2)
        #expect(small.readsOn)
    }

    @Test func aBookmarkedListingIsEstimatedFromTheRateItAnswersItems() {
        // A course of 250 enrollments, all wanted: 100 found on the first page, 150 left at 100 a page.
        let course = ReadCostModel(pagesRead: 1, lastPage: nil, pageSize: 100, itemsSeen: 100, itemsUnseen: 150)
        #expect(course.remainingPages == 2)
        #expect(course.readsOn)
        // Three found in the first page of a long list: the other 97 would take about 33 pages, still cheaper.
        let sparse = ReadCostModel(pagesRead: 1, lastPage: nil, pageSize: 100, itemsSeen: 3, itemsUnseen: 97)
        #expect(sparse.remainingPages == 33)
        #expect(sparse.readsOn)
        // One found: 99 pages for 99 lookups is no saving.
        let scarce = ReadCostModel(pagesRead: 1, lastPage: nil, pageSize: 100, itemsSeen: 1, itemsUnseen: 99)
        #expect(!scarce.readsOn)
    }

    @Test func aListingThatAnswersNothingOrHasNothingLeftToAnswerIsNotReadOn() {
        let nothingFound = ReadCostModel(pagesRead: 1, lastPage: nil, pageSize: 100, itemsSeen: 0, itemsUnseen: 50)
        #expect(nothingFound.remainingPages == nil)
        #expect(!nothingFound.readsOn)
        let allFound = ReadCostModel(pagesRead: 2, lastPage: 9, pageSize: 100, itemsSeen: 50, itemsUnseen: 0)
        #expect(!allFound.readsOn)
    }
}
