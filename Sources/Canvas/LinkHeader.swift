import Foundation

/// A parsed `Link` header (RFC 8288): `<URL>; rel="next",<URL>; rel="first"`, with or without spaces, in any
/// order, any rel possibly missing.
public struct LinkHeader: Sendable, Hashable {
    /// One link: its URL as given and its relation types.
    public struct Link: Sendable, Hashable {
        /// The URL, exactly as Canvas sent it.
        public var url: String
        /// The relation types, lowercased (`rel="next last"` gives both).
        public var relations: [String]
    }

    /// The links in header order.
    public var links: [Link]

    /// Parses a header value; malformed pieces are skipped.
    public init(parsing value: String) {
        var links: [Link] = []
        var remaining = Substring(value)
        while let open = remaining.firstIndex(of: "<") {
            guard let close = remaining[open...].firstIndex(of: ">") else { break }
            let url = String(remaining[remaining.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
            var rest = remaining[remaining.index(after: close)...]
            // Parameters run to the next comma that is outside quotes.
            var parameterText = ""
            var inQuotes = false
            while let character = rest.first {
                if character == "\"" { inQuotes.toggle() }
                if character == ",", !inQuotes { break }
                parameterText.append(character)
                rest = rest.dropFirst()
            }
            links.append(Link(url: url, relations: Self.relations(in: parameterText)))
            remaining = rest.dropFirst()
        }
        self.links = links
    }

    /// The URL of the first link with relation `relation` (case-insensitive).
    public func url(for relation: String) -> String? {
        let lowered = relation.lowercased()
        return links.first { $0.relations.contains(lowered) }?.url
    }

    private static func relations(in parameters: String) -> [String] {
        for parameter in parameters.split(separator: ";") {
            let pieces = parameter.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, pieces[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel" else {
                continue
            }
            let value = pieces[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(["\""]))
            return value.lowercased().split(separator: " ").map(String.init)
        }
        return []
    }
}
