/// Formats numbers as Ruby's `Float#to_s` does, as Canvas's rate headers are written.
enum RubyFloat {
    /// `600.0`, `0.01`, `1.0e-05`, `-12.5`.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity") }
        if value == value.rounded(), abs(value) < 1e16 { return "\(Int(value)).0" }
        let text = "\(value)"
        guard let e = text.firstIndex(of: "e") else { return text }
        var mantissa = String(text[..<e])
        var exponent = String(text[text.index(after: e)...])
        if !mantissa.contains(".") { mantissa += ".0" }
        var sign = "+"
        if exponent.hasPrefix("-") {
            sign = "-"
            exponent.removeFirst()
        } else if exponent.hasPrefix("+") {
            exponent.removeFirst()
        }
        if exponent.count < 2 { exponent = "0" + exponent }
        return "\(mantissa)e\(sign)\(exponent)"
    }
}
