import JSONValues
import OrderedCollections
import Testing

@Suite struct JSONSerializationTests {
    static let sample: JSONValue = [
        "name": "Fall \"2026\"", "id": 7, "ratio": 0.5, "published": false, "term": nil,
        "tags": ["a", 1, [:]], "nested": ["empty": [], "z": 1, "a": 2],
    ]

    @Test func compactKeepsTheOrder() {
        #expect(
            Self.sample.serialized()
                == #"{"name":"Fall \"2026\"","id":7,"ratio":0.5,"published":false,"term":null,"tags":["a",1,{}],"nested":{"empty":[],"z":1,"a":2}}"#
        )
    }

    @Test func prettyPrintedIndentsWithTwoSpaces() {
        let value: JSONValue = ["b": [1, 2], "a": ["x": nil], "e": []]
        #expect(
            value.serialized(options: .prettyPrinted) == """
                {
                  "b": [
                    1,
                    2
                  ],
                  "a": {
                    "x": null
                  },
                  "e": []
                }
                """)
    }

    @Test func sortedKeysSortsEveryObject() {
        #expect(
            Self.sample["nested"]?.serialized(options: .sortedKeys) == #"{"a":2,"empty":[],"z":1}"#)
        let pretty = Self.sample.serialized(options: [.sortedKeys, .prettyPrinted])
        #expect(pretty.hasPrefix("{\n  \"id\": 7,\n  \"name\": "))
    }

    @Test(arguments: [
        (JSONValue.double(2.5), "2.5"),
        (.double(7), "7"),
        (.double(-0.0), "0"),
        (.double(0.1), "0.1"),
        (.double(1e15), "1000000000000000.0"),
        (.double(1e16), "1e+16"),
        (.double(123_456_789_012_345), "123456789012345"),
        (.double(1.5e-7), "1.5e-07"),
        (.double(.nan), "null"),
        (.double(.infinity), "null"),
        (.int(Int.min), "-9223372036854775808"),
    ])
    func writesNumbersAsJSONDoes(_ value: JSONValue, _ text: String) {
        #expect(value.serialized() == text)
    }

    @Test func escapesWhatJSONRequiresAndNothingElse() {
        let value = JSONValue.string("\"\\\n\r\t\u{08}\u{0C}\u{01}\u{1F} é 🎓 / \u{7F}")
        #expect(value.serialized() == #""\"\\\n\r\t\b\f\u0001\u001f é 🎓 / "# + "\u{7F}\"")
    }

    @Test func interpolationShowsStringsAsTheyAre() {
        #expect(JSONValue.string("a \"b\"").interpolated == "a \"b\"")
        #expect(JSONValue.null.interpolated == "")
        #expect(JSONValue.array([1, "x"]).interpolated == #"[1,"x"]"#)
        #expect(JSONValue.double(3).interpolated == "3")
    }

    @Test func accessorsReadOnlyTheirOwnKind() {
        #expect(Self.sample["id"]?.intValue == 7)
        #expect(JSONValue.double(7).intValue == 7)
        #expect(JSONValue.double(7.5).intValue == nil)
        #expect(Self.sample["id"]?.doubleValue == 7)
        #expect(Self.sample["name"]?.intValue == nil)
        #expect(Self.sample["tags"]?[0] == "a")
        #expect(Self.sample["tags"]?[3] == nil)
        #expect(Self.sample["tags"]?["a"] == nil)
        #expect(Self.sample["term"]?.isNull == true)
        #expect(Self.sample["missing"] == nil)
        #expect(Self.sample.typeName == "object" && JSONValue.double(1).typeName == "number")
    }
}
