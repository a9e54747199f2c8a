import Canvas
import Foundation
import JSONValues
import Logging
import Synchronization

/// Canvas as canned answers held in memory: each GET answered from `objects` (by path) or `lists` (by path, page
/// by page with `Link` headers), anything else not found. It keeps every request it was sent, for the tests to
/// say which reads planning chose.
final class FakeCanvas: CanvasBoundary {
    static let baseURL = "https://canvas.test"
    let configuration: CanvasClientConfiguration
    private let objects: [String: JSONValue]
    private let lists: [String: [[JSONValue]]]
    private let lastPageLinked: Bool
    private let sent = Mutex<[String]>([])

    /// A Canvas holding `objects` at their paths and `lists` (pages of elements) at theirs; with `lastPageLinked`,
    /// a list's first page links its last, as Canvas does for numbered pages.
    init(objects: [String: JSONValue] = [:], lists: [String: [[JSONValue]]] = [:], lastPageLinked: Bool = true) {
        configuration = CanvasClientConfiguration(baseURL: Self.baseURL, tokens: [CanvasToken("fake")])
        self.objects = objects
        self.lists = lists
        self.lastPageLinked = lastPageLinked
    }

    /// The requests sent so far, as `METHOD /path`.
    var requests: [String] { sent.withLock { $0 } }

    var readRequests: Int { requests.filter { $0.hasPrefix("GET ") }.count }

    func send(_ request: CanvasRequest, logger: Logger) async throws -> CanvasResponse {
        sent.withLock { $0.append("\(request.method.rawValue) \(request.path)") }
        guard request.method == .get else {
            throw CanvasError(.unexpectedStatus(405, "the fake Canvas takes no writes"), status: 405)
        }
        return try answer(path: request.path, page: 1)
    }

    func fetch(absoluteURL url: String, context: CanvasRequestContext, logger: Logger) async throws -> CanvasResponse {
        guard let components = URLComponents(string: url) else { throw CanvasError(.invalidResponse(url)) }
        let pageText = components.queryItems?.first(where: { $0.name == "page" })?.value
        let page = pageText.flatMap { Int($0) } ?? 1
        sent.withLock { $0.append("GET \(components.path) page \(page)") }
        return try answer(path: components.path, page: page)
    }

    func upload(
        _ file: CanvasUploadFile, to filesPath: String, parameters: JSONValue, context: CanvasRequestContext,
        logger: Logger
    ) async throws -> JSONValue {
        sent.withLock { $0.append("POST \(filesPath) (upload)") }
        throw CanvasError(.unexpectedStatus(405, "the fake Canvas takes no uploads"), status: 405)
    }

    private func answer(path: String, page: Int) throws -> CanvasResponse {
        if let object = objects[path] { return Self.response(object) }
        if let pages = lists[path] {
            var links: [String] = []
            if page < pages.count { links.append("<\(Self.baseURL)\(path)?page=\(page + 1)>; rel=\"next\"") }
            if lastPageLinked { links.append("<\(Self.baseURL)\(path)?page=\(pages.count)>; rel=\"last\"") }
            let elements = pages.indices.contains(page - 1) ? pages[page - 1] : []
            return Self.response(
                .array(elements), headers: links.isEmpty ? [] : [("Link", links.joined(separator: ","))])
        }
        throw CanvasError(.notFound(path), status: 404, request: "GET \(path)")
    }

    private static func response(_ body: JSONValue, headers: [(name: String, value: String)] = []) -> CanvasResponse {
        CanvasResponse(
            status: 200, headers: CanvasHeaders([("Content-Type", "application/json")] + headers),
            body: Array(body.serialized().utf8))
    }
}
