import JSONValues
import OrderedCollections

/// Canvas's pagination `Link` header (`lib/api.rb`, `build_links`).
struct LinkHeader: Sendable, Equatable {
    /// One relation: its name and the page value (inserted unescaped, as Canvas does).
    struct Relation: Sendable, Equatable {
        let rel: String
        let page: String
    }

    /// The order of rels in the header (`PAGINATION_PARAMS`).
    static let order = ["current", "next", "prev", "first", "last"]
    /// The order rels are kept in when the header would be too long (`LINK_PRIORITY`).
    static let priority = ["next", "last", "prev", "current", "first"]
    /// The length the links must stay under.
    static let maximumLength = 6 * 1024

    /// Builds the header value, or nil when there is no link.
    /// - Parameters:
    ///   - base: the absolute URL of the route, such as `http://127.0.0.1:8080/api/v1/accounts/1/courses`.
    ///   - query: the request's parameters, Rack-parsed; `page`, `per_page`, `access_token` and `api_key` are dropped.
    static func value(base: String, query: JSONValuesObject, relations: [Relation], perPage: Int) -> String? {
        var kept = query
        for name in ["page", "per_page", "access_token", "api_key"] { kept.removeValue(forKey: name) }
        let serialized = RackParameters.toQuery(.object(kept))
        var prefix = base + (base.contains("?") ? "&" : "?")
        if !serialized.isEmpty { prefix += serialized + "&" }
        var urls: [String: String] = [:]
        var length = 0
        for rel in priority {
            guard let relation = relations.first(where: { $0.rel == rel }) else { continue }
            let url = "\(prefix)page=\(relation.page)&per_page=\(perPage)"
            if length + url.count > maximumLength { break }
            length += url.count
            urls[rel] = url
        }
        let links = order.compactMap { rel in urls[rel].map { "<\($0)>; rel=\"\(rel)\"" } }
        return links.isEmpty ? nil : links.joined(separator: ",")
    }
}
