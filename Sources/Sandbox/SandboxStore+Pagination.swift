import Foundation
import JSONValues

/// Canvas's two kinds of pagination (CANVAS-API.md section 2).
extension SandboxStore {
    /// `per_page` clamped to `[1, maximum]`, 10 when absent or unreadable.
    func perPage(_ call: APICall) -> Int {
        guard let text = call.parameters.string("per_page"), let value = Int(text.trimmingCharacters(in: " ")) else {
            return 10
        }
        return min(max(value, 1), configuration.maximumPerPage)
    }

    /// A numbered page of `items`: `[]` past the end, 404 for a page that is not a positive number.
    func paginate<Item>(
        _ items: [Item], _ call: APICall, includeLast: Bool = true, render: (Item) -> JSONValue
    ) throws -> APIResponse {
        let perPage = perPage(call)
        var page = 1
        if let text = call.parameters.string("page") {
            guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let number = Int(text), number > 0 else {
                throw CanvasAPIError.notFound
            }
            page = number
        }
        let start = (page - 1).multipliedReportingOverflow(by: perPage)
        let slice: [Item]
        if start.overflow || start.partialValue >= items.count {
            slice = []
        } else {
            slice = Array(items[start.partialValue..<min(items.count, start.partialValue + perPage)])
        }
        let lastPage = max(1, (items.count + perPage - 1) / perPage)
        var relations = [LinkHeader.Relation(rel: "current", page: String(page))]
        if page < lastPage { relations.append(.init(rel: "next", page: String(page + 1))) }
        if page > 1 { relations.append(.init(rel: "prev", page: String(page - 1))) }
        relations.append(.init(rel: "first", page: "1"))
        if includeLast { relations.append(.init(rel: "last", page: String(lastPage))) }
        return withLinks(.json(.array(slice.map(render))), call, relations: relations, perPage: perPage)
    }

    /// A bookmarked page of `items` (sorted by id): pages are `first` or `bookmark:<base64url JSON>`; no prev or last.
    func paginateByBookmark<Item>(
        _ items: [Item], _ call: APICall, id: (Item) -> Int, render: (Item) -> JSONValue
    ) -> APIResponse {
        let perPage = perPage(call)
        let pageValue = call.parameters.string("page")
        var after: Int?
        if let pageValue, pageValue.hasPrefix("bookmark:"),
            let decoded = Self.decodeBookmark(String(pageValue.dropFirst("bookmark:".count)))
        {
            after = decoded
        }
        let remaining = after.map { bookmark in items.filter { id($0) > bookmark } } ?? items
        let slice = Array(remaining.prefix(perPage))
        var relations = [LinkHeader.Relation(rel: "current", page: after == nil ? "first" : (pageValue ?? "first"))]
        if remaining.count > perPage, let last = slice.last {
            relations.append(.init(rel: "next", page: "bookmark:" + Self.encodeBookmark(id(last))))
        }
        relations.append(.init(rel: "first", page: "first"))
        return withLinks(.json(.array(slice.map(render))), call, relations: relations, perPage: perPage)
    }

    private func withLinks(
        _ response: APIResponse, _ call: APICall, relations: [LinkHeader.Relation], perPage: Int
    ) -> APIResponse {
        var response = response
        let base = "http://\(call.host)\(call.rawPath)"
        if let link = LinkHeader.value(base: base, query: call.query, relations: relations, perPage: perPage) {
            response.headers.append((configuration.lowercaseLinkHeader ? "link" : "Link", link))
        }
        return response
    }

    /// `JSONToken.encode`: unpadded base64url of the JSON `[id]`.
    static func encodeBookmark(_ id: Int) -> String {
        Data("[\(id)]".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The id in a bookmark, or nil when it cannot be read (which means the first page).
    static func decodeBookmark(_ token: String) -> Int? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let json = try? JSONValue(parsing: Array(data)) else {
            return nil
        }
        return json[0]?.intValue ?? json.intValue
    }
}
