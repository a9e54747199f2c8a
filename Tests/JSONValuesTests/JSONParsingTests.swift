import JSONValues
import OrderedCollections
import Testing

@Suite struct JSONParsingTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue(
            parsing:
                #" { "null": null, "yes": true, "no": false, "int": -42, "double": 2.5, "s": "x", "a": [1, [ ]], "o": {} } "#
        )
        #expect(
            value == [
                "null": nil, "yes": true, "no": false, "int": -42, "double": 2.5, "s": "x", "a": [1, []], "o": [:],
            ])
    }

    @Test func objectsKeepTheirOrder() throws {
        let value = try JSONValue(parsing: #"{"zeta": 1, "alpha": 2, "mid": 3}"#)
        #expect(value.objectValue.map { Array($0.keys) } == ["zeta", "alpha", "mid"])
    }

    @Test func aDuplicateKeyKeepsItsFirstPlaceAndItsLastValue() throws {
        let value = try JSONValue(parsing: #"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue.map { Array($0.keys) } == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test(arguments: [
        ("0", JSONValue.int(0)),
        ("-0", .int(0)),
        ("9223372036854775807", .int(Int.max)),
        ("-9223372036854775808", .int(Int.min)),
        // Past Int's range, a number is a double, as JavaScript reads it.
        ("9223372036854775808", .double(9.223_372_036_854_775_808e18)),
        ("1.5", .double(1.5)),
        ("-0.25", .double(-0.25)),
        ("1e3", .double(1000)),
        ("1E+3", .double(1000)),
        ("25e-2", .double(0.25)),
        ("7.0", .double(7)),
    ])
    func parsesNumbers(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""quote \" backslash \\ slash \/""#, "quote \" backslash \\ slash /"),
        (#""\b\f\n\r\t""#, "\u{08}\u{0C}\n\r\t"),
        (#""\u00e9\u00E9""#, "éé"),
        (#""\ud83c\udf93 cap""#, "🎓 cap"),
        (#""é 🎓 中文""#, "é 🎓 中文"),
        // A lone surrogate cannot be a character: it becomes the replacement character.
        (#""\ud83c!""#, "\u{FFFD}!"),
    ])
    func parsesStringsAndTheirEscapes(_ text: String, _ expected: String) throws {
        #expect(try JSONValue(parsing: text) == .string(expected))
    }

    @Test func parsesUTF8Bytes() throws {
        #expect(try JSONValue(parsing: Array(#"["ü"]"#.utf8)) == ["ü"])
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input"),
        ("   ", 3, "unexpected end of input"),
        ("{", 1, "expected a key"),
        (#"{"a" 1}"#, 5, "expected ':'"),
        (#"{"a": 1,}"#, 8, "expected a key"),
        (#"{"a": 1 "b": 2}"#, 8, "expected ',' or '}'"),
        ("[1, 2", 5, "unexpected end of input"),
        ("[1 2]", 3, "expected ',' or ']'"),
        ("[1,]", 3, "unexpected character"),
        ("tru", 0, "unexpected end of input"),
        ("nul!", 0, "unexpected character"),
        ("'single'", 0, "unexpected character"),
        ("01", 1, "invalid number: leading zero"),
        ("-", 1, "invalid number: expected a digit"),
        ("-a", 1, "invalid number: expected a digit"),
        ("1.", 2, "invalid number: expected a digit after '.'"),
        ("1.e3", 2, "invalid number: expected a digit after '.'"),
        ("1e", 2, "invalid number: expected a digit in the exponent"),
        ("1e+", 3, "invalid number: expected a digit in the exponent"),
        (".5", 0, "unexpected character"),
        ("+1", 0, "unexpected character"),
        ("1 2", 2, "unexpected text after the value"),
        (#""unterminated"#, 13, "unterminated string"),
        ("\"tab\there\"", 4, "control character in string"),
        (#""\x""#, 3, "invalid escape"),
        (#""\u12G4""#, 5, "invalid unicode escape"),
        (#""\ud83c\u0041""#, 13, "invalid surrogate pair"),
    ])
    func reportsWhatIsWrongAndWhere(_ text: String, _ offset: Int, _ reason: String) {
        let error = #expect(throws: JSONParsingError.self) { try JSONValue(parsing: text) }
        #expect(error?.reason == reason)
        #expect(error?.offset == offset)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        let error = #expect(throws: JSONParsingError.self) { try JSONValue(parsing: deep) }
        #expect(error?.reason == "nesting too deep")
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONValue(parsing: fine) }
    }

    @Test func theErrorSaysTheByte() {
        let error = #expect(throws: JSONParsingError.self) { try JSONValue(parsing: "{") }
        #expect(error?.description == "invalid JSON at byte 1: expected a key")
    }
}
