import JSONValues
import Testing

/// A value known only after apply is a case of its own: Canvas's data can never produce one.
@Suite struct UnknownValueTests {
    @Test func jsonFromCanvasWithTheMarkerKeyIsAnObjectNotAnUnknown() throws {
        let parsed = try JSONValue(parsing: #"{"$easel.unknown": "courses[0].id"}"#)
        #expect(!parsed.isUnknown)
        #expect(!parsed.containsUnknown)
        #expect(parsed["$easel.unknown"] == "courses[0].id")
    }

    @Test func aSavedPlansMarkersReadBackAsUnknownsWhereverTheyAre() throws {
        let value: JSONValue = [
            "id": .unknown("the id of course C-1"), "ids": [1, .unknown("the id of course C-2")], "name": "Biology",
        ]
        #expect(value.containsUnknown)
        let written = value.serialized()
        #expect(written.contains(#""$easel.unknown":"the id of course C-1""#))
        let read = try JSONValue(parsing: written)
        #expect(!read.containsUnknown)
        #expect(read.restoringUnknowns == value)
        #expect(read.restoringUnknowns["ids"]?[1]?.unknownReason == "the id of course C-2")
    }

    @Test func anUnknownIsNeverEqualToTheObjectThatWritesIt() {
        let unknown = JSONValue.unknown("x")
        #expect(unknown != unknown.markingUnknowns)
        #expect(unknown.markingUnknowns.restoringUnknowns == unknown)
        #expect(unknown.typeName == "value known after apply")
    }
}
