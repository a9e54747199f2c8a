import Expressions
import JSONValues
import Testing

/// `unique_by`, `index_by`, `group_by`, `where` and `map_field` over CSV-like rows.
@Suite struct ShapingFunctionTests {
    static let scope = EvaluationScope(
        inputs: [
            "sections": [
                ["section_sis_id": "BIO-A", "course_sis_id": "BIO-101"],
                ["section_sis_id": "BIO-B", "course_sis_id": "BIO-101"],
                ["section_sis_id": "CHEM-A", "course_sis_id": "CHEM-110"],
            ],
            "roster": [
                ["user": "u1", "section": "BIO-A", "status": "active", "credits": "3"],
                ["user": "u2", "section": "BIO-B", "status": "dropped", "credits": 4],
                ["user": "u1", "section": "CHEM-A", "status": "active", "credits": "3"],
                ["user": "u3", "section": "BIO-A", "status": "active", "meta": ["term": "FA"]],
            ],
        ],
        item: ["section_sis_id": "BIO-B"]
    )

    static let results: [(String, JSONValue)] = [
        ("index_by(inputs.sections, 'section_sis_id')[item.section_sis_id].course_sis_id", .string("BIO-101")),
        ("index_by(inputs.sections, 'section_sis_id')['NOPE']", .null),
        ("length(index_by(inputs.sections, 'section_sis_id'))", .int(3)),
        ("map_field(unique_by(inputs.roster, 'user'), 'user')", .array(["u1", "u2", "u3"])),
        ("map_field(unique_by(inputs.roster, 'section'), 'section')", .array(["BIO-A", "BIO-B", "CHEM-A"])),
        ("map_field(where(inputs.roster, 'status', 'active'), 'user')", .array(["u1", "u1", "u3"])),
        ("length(where(inputs.roster, 'credits', 4))", .int(1)),
        ("length(where(inputs.roster, 'credits', '4'))", .int(1)),
        ("where(inputs.roster, 'status', 'gone')", .array([])),
        ("map_field(group_by(inputs.roster, 'user').u1, 'section')", .array(["BIO-A", "CHEM-A"])),
        ("length(group_by(inputs.roster, 'section')['BIO-A'])", .int(2)),
        ("map_field(inputs.roster, 'meta.term')", .array([.null, .null, .null, "FA"])),
        ("length(group_by(inputs.roster, 'meta.term'))", .int(2)),
        ("unique_by(fromJSON('[]'), 'x')", .array([])),
    ]

    @Test("shaping functions compute their results", arguments: results)
    func shaping(source: String, expected: JSONValue) throws {
        #expect(try evaluate(source, in: Self.scope) == expected)
    }

    @Test(
        "shaping functions reject what they cannot shape",
        arguments: [
            (
                "index_by(inputs.roster, 'user')",
                "index_by() found 'u1' as the user of elements 1 and 3; a lookup needs one element per value: "
                    + "use group_by() for several, or unique_by() first to keep the first"
            ),
            ("unique_by(item, 'x')", "unique_by() expects an array as its first argument, got object"),
            ("where(inputs.roster, 1, 'x')", "where() expects a string as its second argument, got number"),
            ("map_field(fromJSON('[1]'), 'x')", "map_field() expects a list of objects, but element 1 is number"),
            ("group_by(inputs.roster, '')", "group_by() needs a field name, got an empty string"),
            (
                "where(inputs.roster, 'status')",
                "where() takes 3 arguments, got 2; call it as where(list, 'field', value)"
            ),
            ("unqiue_by(inputs.roster, 'user')", "unknown function 'unqiue_by'; did you mean 'unique_by'?"),
        ]
    )
    func shapingError(source: String, message: String) throws {
        #expect(try evaluationError(source, in: Self.scope).message == message)
    }

    @Test func aListOnlyKnownAfterApplyGivesAnUnknownResult() throws {
        let scope = EvaluationScope(inputs: ["rows": .array([.unknown("rows of a created course")])])
        #expect(try evaluate("unique_by(inputs.rows, 'user')", in: scope).isUnknown)
    }
}
