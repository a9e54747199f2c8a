import JSONValues
import OrderedCollections
import SeededRandom
import Testing

/// Writing a value and reading it back gives the same value, for every kind of value, at random.
@Suite struct JSONRoundTripTests {
    static let characters: [Character] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "中", "🎓", "\u{FFFF}", "\u{10FFFF}",
    ]

    /// A random value; doubles are never integral, since an integral double is written as an integer.
    static func randomValue(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &generator))
        case 3:
            let value =
                Double.random(in: -1e12...1e12, using: &generator) * pow10(Int.random(in: -20...20, using: &generator))
            return .double(value.rounded() == value ? value + 0.5 : value)
        case 4:
            let count = Int.random(in: 0...12, using: &generator)
            return .string(String((0..<count).map { _ in characters.randomElement(using: &generator) ?? "a" }))
        case 5:
            let count = Int.random(in: 0...4, using: &generator)
            return .array((0..<count).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members = OrderedDictionary<String, JSONValue>()
            for index in 0..<Int.random(in: 0...4, using: &generator) {
                let key = String((0..<3).map { _ in characters.randomElement(using: &generator) ?? "a" }) + "\(index)"
                members[key] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }

    static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    @Test(arguments: [JSONWritingOptions(), .prettyPrinted])
    func randomValuesComeBackUnchanged(_ options: JSONWritingOptions) throws {
        var generator = SplitMix64(seed: 0x15_0A_75)
        for _ in 0..<2_000 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let text = value.serialized(options: options)
            let parsed = try JSONValue(parsing: text)
            #expect(parsed == value, "\(text)")
        }
    }

    @Test func anIntegralDoubleComesBackAsAnInteger() throws {
        #expect(try JSONValue(parsing: JSONValue.double(12).serialized()) == .int(12))
        #expect(try JSONValue(parsing: JSONValue.double(1e20).serialized()) == .double(1e20))
    }

    @Test func writingWhatWasReadGivesTheSameText() throws {
        let text = #"{"b":[1,2.5,-3e-05,"\u0001é🎓"],"a":{"":null,"t":true}}"#
        #expect(try JSONValue(parsing: text).serialized() == text)
    }
}
