import Diagnostics
import Expressions
import JSONValues
import Testing

/// A scope like the planner's: variables, a CSV input, a step's output, an item.
let sampleScope = EvaluationScope(
    vars: ["account": "sis_account_id:ENG", "term": "sis_term_id:2026FA", "limit": 10],
    inputs: ["courses": [["sis_course_id": "CS101", "credits": "3"]]],
    steps: [
        "term": ["output": ["id": 42, "name": "Fall 2026", "dates": ["2026-09-01", "2026-12-20"]]],
        "my-step": ["output": ["ok": true]],
    ],
    env: ["USER": "admin"],
    item: [
        "title": "Intro to CS",
        "code": "cs101",
        "credits": "3",
        "ratio": "2.5",
        "empty": "",
        "nothing": nil,
        "tags": ["a", "b"],
        "zero": 0,
        "input": ["first name": "Ada"],
        "output": ["id": 7, "workflow_state": "unpublished"],
    ]
)

/// Evaluates one expression in the sample scope.
func evaluate(_ source: String, in scope: EvaluationScope = sampleScope) throws -> JSONValue {
    try parseExpression(source).evaluate(in: scope)
}

/// Evaluates one expression that must fail, returning the error.
func evaluationError(_ source: String, in scope: EvaluationScope = sampleScope) throws -> EvaluationError {
    let expression = try parseExpression(source)
    do {
        let value = try expression.evaluate(in: scope)
        throw TestFailure("'\(source)' evaluated to \(value) instead of failing")
    } catch let error as EvaluationError {
        return error
    }
}

@Suite struct EvaluationTests {
    @Test(
        "paths read the scope",
        arguments: [
            ("vars.account", JSONValue.string("sis_account_id:ENG")),
            ("steps.term.output.id", .int(42)),
            ("steps.term.output.dates[1]", "2026-12-20"),
            ("steps.term.output.dates[5]", nil),
            ("steps.term.output.dates[-1]", nil),
            ("steps.term.output['name']", "Fall 2026"),
            ("steps['my-step'].output.ok", true),
            ("steps.my-step.output.ok", true),
            ("inputs.courses[0].credits", "3"),
            ("item.input['first name']", "Ada"),
            ("item.output.workflow_state", "unpublished"),
            ("item.missing", nil),
            ("item.missing.deeper[0]", nil),
            ("item.nothing.field", nil),
            ("item.tags[item.zero]", "a"),
            ("item.tags['1']", "b"),
            ("item[item.code == 'cs101' && 'title']", "Intro to CS"),
            ("env.USER", "admin"),
        ]
    )
    func path(source: String, expected: JSONValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test(
        "path errors name the path and suggest",
        arguments: [
            ("steps.term.output.id.x", "'steps.term.output.id' is a number and has no member 'x'"),
            ("item.title.x", "'item.title' is a string and has no member 'x'"),
            ("item.tags.first", "'item.tags' is an array and has no member 'first'; use an index such as [0]"),
            ("item.tags['x']", "'item.tags' is an array and has no member 'x'; use an index such as [0]"),
            ("item.tags[true]", "an array index must be a whole number, got boolean true"),
            ("item.output[0]", "an object is indexed by a string key, got number 0"),
            ("item.title[0]", "'item.title' is a string and cannot be indexed"),
            ("steps.trem.output", "'steps' has no member 'trem'; did you mean 'term'?"),
            ("steps.term.otput", "'steps.term' has no member 'otput'; did you mean 'output'?"),
            ("vars.acount", "'vars' has no member 'acount'; did you mean 'account'?"),
            ("inputs.course", "'inputs' has no member 'course'; did you mean 'courses'?"),
            ("env.HOME", "'env' has no member 'HOME'"),
            ("itme.title", "unknown name 'itme'; did you mean 'item'?"),
        ]
    )
    func pathError(source: String, message: String) throws {
        #expect(try evaluationError(source).message == message)
    }

    @Test func itemOutsideAForEachStepIsExplained() throws {
        let error = try evaluationError("item.title", in: EvaluationScope(vars: [:]))
        #expect(error.message == "'item' is only available in a step with 'for_each'")
    }

    @Test func errorsCarryTheRangeOfTheFaultySubexpression() throws {
        let text = MarkedText("${{ item.code == 'x' || 1️⃣lower(item.zero)2️⃣ }}")
        let (template, diagnostics) = parseTemplate(text.text)
        #expect(diagnostics.isEmpty)
        do {
            _ = try template.evaluate(in: sampleScope)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "lower() expects a string, got number")
            let start = text.location(of: "1️⃣", from: testStart)
            #expect(error.range?.start == start.map { $0.advanced(by: 6) })
            #expect(error.diagnostic.severity == .error)
        }
    }

    @Test(
        "equality is deep and numeric, and CSV strings equal their numbers",
        arguments: [
            ("item.credits == 3", true),
            ("3 == item.credits", true),
            ("item.credits == 3.0", true),
            ("item.ratio == 2.5", true),
            ("item.credits == '3'", true),
            ("item.credits == '3.0'", false),
            ("1 == 1.0", true),
            ("item.code == 3", false),
            ("item.empty == 0", false),
            ("null == null", true),
            ("item.nothing == null", true),
            ("item.missing == null", true),
            ("item.empty == null", false),
            ("true == 1", false),
            ("item.tags == fromJSON('[\"a\",\"b\"]')", true),
            ("item.output == fromJSON('{\"workflow_state\":\"unpublished\",\"id\":7.0}')", true),
            ("item.tags == fromJSON('[\"a\"]')", false),
            ("item.credits != 3", false),
            ("item.code != 'CS101'", true),
        ]
    )
    func equality(source: String, expected: Bool) throws {
        #expect(try evaluate(source) == .bool(expected))
    }

    @Test(
        "ordering compares numbers, numeric strings against numbers, and strings",
        arguments: [
            ("1 < 2", true),
            ("2 <= 2", true),
            ("2.5 > 2", true),
            ("3 >= 3.5", false),
            ("item.credits < 4", true),
            ("item.credits > 2.9", true),
            ("10 > item.credits", true),
            ("'10' < '9'", true),
            ("'abc' < 'abd'", true),
            ("'b' >= 'a'", true),
            ("vars.limit > item.credits", true),
        ]
    )
    func ordering(source: String, expected: Bool) throws {
        #expect(try evaluate(source) == .bool(expected))
    }

    @Test(
        "ordering other types is an error",
        arguments: [
            ("'a' < item.tags", "cannot compare string and array with '<'"),
            ("item.code >= 3", "cannot compare string and number with '>=' (string 'cs101' is not a number)"),
            ("null < 1", "cannot compare null and number with '<'"),
            ("true > false", "cannot compare boolean and boolean with '>'"),
            ("item.output <= item.output", "cannot compare object and object with '<='"),
        ]
    )
    func orderingError(source: String, message: String) throws {
        #expect(try evaluationError(source).message == message)
    }

    @Test(
        "logical operators short-circuit and return an operand",
        arguments: [
            ("item.empty || 'fallback'", JSONValue.string("fallback")),
            ("item.title || 'fallback'", "Intro to CS"),
            ("item.zero && item.title", 0),
            ("item.tags && item.code", "cs101"),
            ("item.nothing || item.zero", 0),
            ("false || item.missing", nil),
            ("true || item.title.nope", true),
            ("false && item.title.nope", false),
            ("!item.empty", true),
            ("!item.tags", false),
            ("!item.nothing", true),
            ("!0.0", true),
            ("!fromJSON('{}')", false),
            ("!'false'", false),
        ]
    )
    func logical(source: String, expected: JSONValue) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test func shortCircuitSkipsTheRightSide() throws {
        #expect(try evaluate("true || lower(1)") == true)
        #expect(try evaluate("false && lower(1)") == false)
        #expect(try evaluationError("false || lower(1)").message == "lower() expects a string, got number")
    }
}
