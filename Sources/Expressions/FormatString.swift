import JSONValues

/// The first argument of `format()`: text with `{0}`, `{1}` … placeholders, and `{{` / `}}` for literal braces.
struct FormatString: Sendable {
    /// Why a format string is malformed.
    struct Failure: Error, Sendable {
        var message: String
    }

    private enum Segment: Sendable {
        case text(String)
        case argument(Int)
    }

    private var segments: [Segment] = []

    /// The highest placeholder number used, or nil when there is none.
    private(set) var highestArgument: Int?

    /// Parses the format string.
    init(parsing format: String) throws(Failure) {
        let scalars = Array(format.unicodeScalars)
        var text = ""
        var offset = 0
        while offset < scalars.count {
            let current = scalars[offset]
            let next: Unicode.Scalar? = offset + 1 < scalars.count ? scalars[offset + 1] : nil
            switch (current, next) {
            case ("{", "{"), ("}", "}"):
                text.unicodeScalars.append(current)
                offset += 2
            case ("{", _):
                var end = offset + 1
                while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
                guard end > offset + 1, end < scalars.count, scalars[end] == "}" else {
                    throw Failure(
                        message:
                            "format() text has a '{' that does not start a placeholder such as {0}; write '{{' for a literal brace"
                    )
                }
                var digits = ""
                digits.unicodeScalars.append(contentsOf: scalars[(offset + 1)..<end])
                guard let number = Int(digits) else {
                    throw Failure(message: "format() placeholder {\(digits)} is out of range")
                }
                if !text.isEmpty {
                    segments.append(.text(text))
                    text = ""
                }
                segments.append(.argument(number))
                highestArgument = max(highestArgument ?? number, number)
                offset = end + 1
            case ("}", _):
                throw Failure(message: "format() text has a '}' without a matching '{'; write '}}' for a literal brace")
            default:
                text.unicodeScalars.append(current)
                offset += 1
            }
        }
        if !text.isEmpty { segments.append(.text(text)) }
    }

    /// The message when the placeholders need more values than `given`, or nil.
    func argumentCountMessage(given: Int) -> String? {
        guard let highestArgument, highestArgument >= given else { return nil }
        return Self.argumentCountMessage(highest: highestArgument, given: given)
    }

    /// The message when the placeholders, up to `{highest}`, need more values than `given`.
    static func argumentCountMessage(highest: Int, given: Int) -> String {
        let values = given == 1 ? "1 value" : "\(given) values"
        return "format() uses placeholder {\(highest)} but is given \(values) after the text"
    }

    /// The text with each placeholder replaced by its value, interpolated.
    func render(_ values: [JSONValue]) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .text(let text): output += text
            case .argument(let number): output += number < values.count ? values[number].interpolated : ""
            }
        }
        return output
    }
}
