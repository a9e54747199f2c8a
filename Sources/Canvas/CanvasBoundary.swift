import Foundation
public import JSONValues
public import Logging

/// What planning and execution need of Canvas: a request sent and its answer, a URL Canvas gave fetched, and a file
/// uploaded. Reading, listing page by page, writing and polling a job are built on the first two (`json`, `getAll`,
/// `pages`, `poll`, `waitForProgress`…), so a fake that answers them stands in for Canvas in a test.
///
/// `CanvasClient` is the real one: governors, retries, the request log.
public protocol CanvasBoundary: Sendable {
    /// The settings requests are made with: the base URL, page size, retry policy and clock.
    var configuration: CanvasClientConfiguration { get }
    /// How many reads (GETs) were sent so far.
    var readRequests: Int { get }
    /// Sends a request and returns its 2xx response; throws `CanvasError`.
    func send(_ request: CanvasRequest, logger: Logger) async throws -> CanvasResponse
    /// Fetches an absolute URL Canvas gave (a `next` link, a `progress_url`).
    func fetch(absoluteURL url: String, context: CanvasRequestContext, logger: Logger) async throws -> CanvasResponse
    /// Uploads a file in Canvas's three steps to a files endpoint and returns the File JSON.
    func upload(
        _ file: CanvasUploadFile, to filesPath: String, parameters: JSONValue, context: CanvasRequestContext,
        logger: Logger
    ) async throws -> JSONValue
}

extension CanvasClient: CanvasBoundary {}

extension CanvasBoundary {
    /// Sends a request and parses its JSON body.
    public func json(_ request: CanvasRequest, logger: Logger) async throws -> JSONValue {
        try await send(request, logger: logger).json()
    }

    /// The path and query of `url` when it is on the Canvas host, for messages; other URLs as they are.
    func describedPath(of url: String) -> String {
        guard let origin = URLOrigin(url), let base = URLOrigin(configuration.baseURL), origin.isSameServer(as: base),
            let range = url.range(of: "://")
        else { return url }
        let afterScheme = url[range.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...])
    }
}
