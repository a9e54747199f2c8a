import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct FieldNormalizationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let type: FieldType
        let desired: JSONValue?
        let live: JSONValue?
        let equivalent: Bool
        var testDescription: String { "\(type) \(desired?.serialized() ?? "nil") vs \(live?.serialized() ?? "nil")" }
    }

    static let cases: [Case] = [
        Case(type: .date, desired: "2026-08-24T09:00:00Z", live: "2026-08-24T09:00:00Z", equivalent: true),
        Case(type: .date, desired: "2026-08-24T11:00:00+02:00", live: "2026-08-24T09:00:00Z", equivalent: true),
        Case(type: .date, desired: "2026-08-24T09:00:00.000Z", live: "2026-08-24T09:00:00Z", equivalent: true),
        Case(type: .date, desired: "2026-08-24T05:00:00.250-04:00", live: "2026-08-24T09:00:00Z", equivalent: true),
        Case(type: .date, desired: "2026-08-24", live: "2026-08-24T00:00:00Z", equivalent: true),
        Case(type: .date, desired: "2026-08-24T09:00:01Z", live: "2026-08-24T09:00:00Z", equivalent: false),
        Case(type: .date, desired: "", live: .null, equivalent: true),
        Case(type: .date, desired: nil, live: "2026-08-24T09:00:00Z", equivalent: false),
        Case(type: .boolean, desired: "true", live: true, equivalent: true),
        Case(type: .boolean, desired: "1", live: true, equivalent: true),
        Case(type: .boolean, desired: "FALSE", live: false, equivalent: true),
        Case(type: .boolean, desired: false, live: true, equivalent: false),
        Case(type: .integer, desired: "42", live: 42, equivalent: true),
        Case(type: .integer, desired: 42.0, live: 42, equivalent: true),
        Case(type: .number, desired: "100", live: 100, equivalent: true),
        Case(type: .number, desired: 100, live: 100.0, equivalent: true),
        Case(type: .number, desired: "99.5", live: 100, equivalent: false),
        Case(type: .reference, desired: "7", live: 7, equivalent: true),
        Case(type: .reference, desired: "sis_term_id:2026FA", live: 7, equivalent: false),
        Case(type: .text, desired: "", live: .null, equivalent: true),
        Case(type: .text, desired: 101, live: "101", equivalent: true),
        Case(type: .text, desired: "Composition", live: "composition", equivalent: false),
        Case(type: .caseInsensitiveText, desired: "LChen26@Example.edu", live: "lchen26@example.edu", equivalent: true),
        Case(type: .html, desired: "<p>Hello\n  world</p>\n", live: "<p>Hello world</p>", equivalent: true),
        Case(type: .html, desired: "<ul>\n  <li>One</li>\n</ul>", live: "<ul><li>One</li></ul>", equivalent: true),
        Case(type: .html, desired: "<p>Hello</p>", live: "<p>Hello!</p>", equivalent: false),
        Case(type: .choice(["active", "invited"]), desired: "Active", live: "active", equivalent: true),
        Case(
            type: .wordList, desired: ["online_upload", "online_text_entry"],
            live: ["online_text_entry", "online_upload"], equivalent: true),
        Case(type: .wordList, desired: "online_upload", live: ["online_upload"], equivalent: true),
        Case(type: .text, desired: .unknown("the term's id"), live: "x", equivalent: false),
    ]

    @Test(arguments: cases)
    func comparesDesiredAndLiveValues(_ example: Case) {
        #expect(example.type.isEquivalent(example.desired, example.live) == example.equivalent)
    }

    @Test(arguments: [
        ("2026-08-24T11:00:00+02:00", "2026-08-24T09:00:00Z"),
        ("2026-08-24T09:00:00.999Z", "2026-08-24T09:00:00Z"),
        ("2026-08-24T09:00:00", "2026-08-24T09:00:00Z"),
        ("2026-08-24", "2026-08-24T00:00:00Z"),
    ])
    func writesTimesAsCanvasDoes(_ input: String, _ canonical: String) {
        #expect(CanvasTime.canonical(input) == canonical)
    }

    @Test(arguments: [
        (FieldType.date, JSONValue("next tuesday")), (.boolean, "maybe"), (.integer, "4x"), (.number, "lots"),
        (.choice(["active"]), "gone"), (.text, JSONValue.object(["a": 1])),
    ])
    func rejectsValuesOfTheWrongType(_ type: FieldType, _ value: JSONValue) {
        #expect(type.normalized(value) == nil)
    }
}
