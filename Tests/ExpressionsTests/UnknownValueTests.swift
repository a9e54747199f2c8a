import Expressions
import JSONValues
import Testing

/// A scope as the planner builds it before apply: the course a step would create has no id yet.
let planScope = EvaluationScope(
    vars: ["term": "sis_term_id:2026FA"],
    steps: ["shells": ["output": .unknown("the id of course 'CS101'")]],
    item: [
        "input": ["code": "CS101"],
        "output": .unknown("the course created by step 'shells'"),
        "known": ["a": 1],
        "mixed": ["x", .unknown("an element")],
    ]
)

@Suite struct UnknownValueTests {
    @Test(
        "reading an unknown propagates its reason",
        arguments: [
            ("item.output", "the course created by step 'shells'"),
            ("item.output.id", "the course created by step 'shells'"),
            ("item.output['sis_course_id'][0].x", "the course created by step 'shells'"),
            ("item.known[item.output.id]", "the course created by step 'shells'"),
            ("item.output.workflow_state == 'unpublished'", "the course created by step 'shells'"),
            ("'unpublished' != item.output.workflow_state", "the course created by step 'shells'"),
            ("item.output.id < 3", "the course created by step 'shells'"),
            ("!item.output", "the course created by step 'shells'"),
            ("item.output && true", "the course created by step 'shells'"),
            ("item.output || true", "the course created by step 'shells'"),
            ("true && item.output.id", "the course created by step 'shells'"),
            ("lower(item.output.name)", "the course created by step 'shells'"),
            ("format('{0}', item.output.id)", "the course created by step 'shells'"),
            ("default(item.output.id, 'x')", "the course created by step 'shells'"),
            ("coalesce(null, item.output.id, 'x')", "the course created by step 'shells'"),
            ("length(item.output)", "the course created by step 'shells'"),
            ("toJSON(item.mixed)", "an element"),
            ("join(item.mixed)", "an element"),
            ("contains(item.mixed, 'x')", "an element"),
            ("item.mixed == item.mixed", "an element"),
            ("steps.shells.output.id", "the id of course 'CS101'"),
        ]
    )
    func propagation(source: String, reason: String) throws {
        let value = try evaluate(source, in: planScope)
        #expect(value.unknownReason == reason)
    }

    @Test(
        "a decided left side never looks at an unknown right side",
        arguments: [
            ("false && item.output.id", JSONValue.bool(false)),
            ("item.input.code || item.output.id", "CS101"),
            ("default(item.input.code, item.output.id)", "CS101"),
            ("length(item.mixed)", 2),
            ("item.mixed[0]", "x"),
        ]
    )
    func decidedWithoutTheUnknown(source: String, expected: JSONValue) throws {
        #expect(try evaluate(source, in: planScope) == expected)
    }

    @Test func interpolatingAnUnknownMentionsItInTheReason() throws {
        let value = try evaluateTemplate("/api/v1/courses/${{ item.output.id }}/sections", in: planScope)
        let reason = try #require(value.unknownReason)
        #expect(reason == "/api/v1/courses/(known after apply: the course created by step 'shells')/sections")
    }

    @Test func aWholeUnknownKeepsItsOwnReason() throws {
        #expect(
            try evaluateTemplate("${{ item.output.id }}", in: planScope)
                == .unknown("the course created by step 'shells'"))
        let (template, _) = parseTemplate("${{ item.output.id }}")
        let escaped = try template.evaluateString(in: planScope, escapingInterpolations: { $0 })
        #expect(escaped.unknownReason == "the course created by step 'shells'")
    }
}
