import Canvas
import Foundation
import RunContext
import Testing

/// Planning errors carry their problem as data: the words are derived, and Canvas's error stays reachable.
@Suite struct PlanningErrorTests {
    @Test func aFailedReadKeepsCanvasErrorAsItsCauseAndNamesTheRequest() {
        let cause = CanvasError(.notFound("GET /api/v1/courses/9"), status: 404)
        var error = PlanningError(.readFailed(request: "GET /api/v1/courses/9", cause: cause), stepID: "look")
        #expect(error.canvasCause == cause)
        #expect(error.message == "GET /api/v1/courses/9: \(cause)")
        #expect(error.description == "step 'look': GET /api/v1/courses/9: \(cause)")
        error.problem = .unexpected(cause)
        // Only a read of Canvas or an ensure lookup makes Canvas the cause of a plan's failure.
        #expect(error.canvasCause == nil)
    }

    @Test func anInputProblemSaysWhichInputAndFile() {
        let unreadable = PlanningError(.inputUnreadable(input: "courses", path: "data/courses.csv", reason: nil))
        #expect(unreadable.description == "cannot read input 'courses' from data/courses.csv")
        let wide = PlanningError(
            .inputRowTooWide(input: "courses", path: "courses.csv", row: 3, fields: 4, headerFields: 2),
            stepID: "shells", itemKey: "row-3")
        #expect(
            wide.description
                == "step 'shells', item 'row-3': input 'courses' (courses.csv) row 3 has 4 fields but the header has 2")
        #expect(wide.canvasCause == nil)
    }
}
