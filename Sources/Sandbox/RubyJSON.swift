import JSONValues

/// JSON as Canvas's Rails writes it: a float keeps its fraction (`10.0`, not `10`), as Ruby's `Float#to_s` writes
/// it, so a `points_possible` of 10 is answered `10.0`; integers, strings and the rest as usual.
enum RubyJSON {
    /// `value` written as Canvas would write it.
    static func serialize(_ value: JSONValue) -> String {
        var output = ""
        write(value, to: &output)
        return output
    }

    private static func write(_ value: JSONValue, to output: inout String) {
        switch value {
        case .double(let number):
            output += number.isFinite ? RubyFloat.format(number) : "null"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                write(element, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { output += "," }
                output += JSONValue.string(key).serialized() + ":"
                write(member, to: &output)
            }
            output += "}"
        default:
            output += value.serialized()
        }
    }
}
