import JSONValues
import Testing
import YAML

@Suite struct YAMLScalarValueTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var yaml: String
        var expected: YAMLScalarValue?
        var testDescription: String { yaml }
    }

    @Test(arguments: [
        Case(yaml: "", expected: .null),
        Case(yaml: "~", expected: .null),
        Case(yaml: "null", expected: .null),
        Case(yaml: "Null", expected: .null),
        Case(yaml: "NULL", expected: .null),
        Case(yaml: "nULL", expected: .string("nULL")),
        Case(yaml: "true", expected: .bool(true)),
        Case(yaml: "True", expected: .bool(true)),
        Case(yaml: "FALSE", expected: .bool(false)),
        Case(yaml: "yes", expected: .string("yes")),
        Case(yaml: "on", expected: .string("on")),
        Case(yaml: "0", expected: .int(0)),
        Case(yaml: "-17", expected: .int(-17)),
        Case(yaml: "+42", expected: .int(42)),
        Case(yaml: "007", expected: .int(7)),
        Case(yaml: "0o17", expected: .int(15)),
        Case(yaml: "0x1F", expected: .int(31)),
        Case(yaml: "0xG1", expected: .string("0xG1")),
        Case(yaml: "1_000", expected: .string("1_000")),
        Case(yaml: "99999999999999999999", expected: .double(1e20)),
        Case(yaml: "1.5", expected: .double(1.5)),
        Case(yaml: "-.5", expected: .double(-0.5)),
        Case(yaml: "1.", expected: .double(1)),
        Case(yaml: "2e3", expected: .double(2000)),
        Case(yaml: "6.02E+23", expected: .double(6.02e23)),
        Case(yaml: "1e", expected: .string("1e")),
        Case(yaml: ".inf", expected: .double(.infinity)),
        Case(yaml: "-.Inf", expected: .double(-.infinity)),
        Case(yaml: ".", expected: .string(".")),
        Case(yaml: "2s", expected: .string("2s")),
        Case(yaml: "sis_term_id:2026FA", expected: .string("sis_term_id:2026FA")),
        Case(yaml: "'true'", expected: .string("true")),
        Case(yaml: "\"12\"", expected: .string("12")),
        Case(yaml: "!!str 12", expected: .string("12")),
        Case(yaml: "!!int \"12\"", expected: .int(12)),
        Case(yaml: "!!int abc", expected: nil),
        Case(yaml: "!!float 3", expected: .double(3)),
        Case(yaml: "!!bool \"TRUE\"", expected: .bool(true)),
        Case(yaml: "!!null ''", expected: .null),
        Case(yaml: "!custom 12", expected: .string("12")),
    ])
    func coreSchemaResolution(_ testCase: Case) throws {
        let node = try parseDocument("value: \(testCase.yaml)\n")
        let value = try #require(node["value"])
        #expect(value.scalarValue == testCase.expected)
        #expect(value.isNull == (testCase.expected == .null))
    }

    @Test func notANumberResolves() throws {
        let node = try parseDocument("value: .NaN\n")
        guard case .double(let value) = node["value"]?.scalarValue else {
            Issue.record("expected a double")
            return
        }
        #expect(value.isNaN)
    }

    @Test func collectionsHaveNoScalarValue() throws {
        let node = try parseDocument("a: [1]\n")
        #expect(node.scalarValue == nil)
        #expect(node["a"]?.scalarValue == nil)
        #expect(node["a"]?.isNull == false)
    }

    @Test func documentsConvertToOrderedJSON() throws {
        let node = try parseDocument(
            """
            zeta: 1
            alpha: [true, ~, 2.5, "3", text]
            nested: { b: !!int "4", a: {} }
            """
        )
        let json = node.toJSONValue()
        #expect(json == ["zeta": 1, "alpha": [true, nil, 2.5, "3", "text"], "nested": ["b": 4, "a": [:]]])
        #expect(json.serialized() == #"{"zeta":1,"alpha":[true,null,2.5,"3","text"],"nested":{"b":4,"a":{}}}"#)
    }
}
