import AsyncHTTPClient
import Foundation
import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox

/// One HTTP answer, as the tests look at it.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONValue? { try? JSONValue(parsing: body) }

    /// A header, looked up without regard to case.
    func header(_ name: String) -> String? { headers.first(name: name) }

    /// The `Link` header's URLs by rel, in header order.
    var links: [(rel: String, url: String)] {
        guard let value = header("Link") else { return [] }
        return value.split(separator: ",").compactMap { part in
            let pieces = part.split(separator: ";")
            guard pieces.count == 2, let open = pieces[0].firstIndex(of: "<"),
                let close = pieces[0].firstIndex(of: ">"),
                let quote = pieces[1].firstIndex(of: "\"")
            else { return nil }
            let rel = pieces[1][pieces[1].index(after: quote)...].dropLast()
            return (String(rel), String(pieces[0][pieces[0].index(after: open)..<close]))
        }
    }

    /// The URL of `rel` in the `Link` header.
    func link(_ rel: String) -> String? { links.first { $0.rel == rel }?.url }
}

/// Talks to a sandbox over loopback with AsyncHTTPClient, never following redirects.
struct SandboxTestClient: Sendable {
    let sandbox: RunningSandbox
    let http: HTTPClient

    /// How a request authenticates.
    enum Credentials: Sendable {
        case sandboxToken, none, bearer(String)
    }

    /// Sends a request to `target`: an absolute URL, or a path on the API.
    func send(
        _ method: HTTPMethod, _ target: String, form: String? = nil, json: JSONValue? = nil,
        headers: [(String, String)] = [], credentials: Credentials = .sandboxToken, body: [UInt8]? = nil
    ) async throws -> Reply {
        let url = target.hasPrefix("http") ? target : sandbox.baseURL + target
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "easel-sandbox-tests")
        // The control surface always needs the sandbox's token and takes its parameters as JSON.
        let isControl = URL(string: url)?.path.hasPrefix("/__sandbox") ?? false
        var credentials = credentials
        var form = form
        var json = json
        if isControl {
            credentials = .sandboxToken
            if let given = form {
                var members = OrderedDictionary<String, JSONValue>()
                for pair in given.split(separator: "&") {
                    let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                    }
                    members[parts[0]] = .string(parts.count > 1 ? parts[1] : "")
                }
                json = .object(members)
                form = nil
            }
        }
        switch credentials {
        case .sandboxToken: request.headers.add(name: "Authorization", value: "Bearer \(sandbox.token)")
        case .bearer(let token): request.headers.add(name: "Authorization", value: "Bearer \(token)")
        case .none: break
        }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        } else if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json.serialized()))
        } else if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        // Only so that a sandbox that never answers fails the test: every suite runs at once on two cores, and a
        // call can wait tens of seconds for a thread while the others' work runs.
        let response = try await http.execute(request, timeout: .seconds(300))
        let collected = try await response.body.collect(upTo: 16 << 20)
        return Reply(
            status: Int(response.status.code), headers: response.headers, body: Array(collected.readableBytesView))
    }

    func get(_ target: String, credentials: Credentials = .sandboxToken, headers: [(String, String)] = [])
        async throws -> Reply
    {
        try await send(.GET, target, headers: headers, credentials: credentials)
    }

    /// Every element of a paginated list, following `rel="next"` to the end.
    func all(_ target: String) async throws -> [JSONValue] {
        var next: String? = target
        var elements: [JSONValue] = []
        var pages = 0
        while let url = next, pages < 1000 {
            let reply = try await get(url)
            guard reply.status == 200, let page = reply.json?.arrayValue else {
                throw TestFailure("GET \(url) answered \(reply.status): \(reply.text)")
            }
            elements += page
            next = reply.link("next")
            pages += 1
        }
        return elements
    }

    /// The control surface's stats.
    func stats() async throws -> JSONValue {
        try await get(sandbox.controlURL("/__sandbox/stats"), credentials: .none).json ?? .null
    }
}

/// A failed expectation inside a helper.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Starts a sandbox and an HTTP client for the test body, and stops both afterwards.
@discardableResult
func withSandboxClient<Value>(
    _ configuration: SandboxConfiguration = SandboxConfiguration(),
    _ body: (SandboxTestClient) async throws -> Value
) async throws -> Value {
    try await withSandbox(configuration) { sandbox in
        var httpConfiguration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        do {
            let value = try await body(SandboxTestClient(sandbox: sandbox, http: http))
            try await http.shutdown()
            return value
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}

/// A configuration with a fixed token, so that tests can also send it in other ways.
func testConfiguration(seed: SandboxSeed = .demo) -> SandboxConfiguration {
    var configuration = SandboxConfiguration()
    configuration.seed = seed
    configuration.tokens = ["1~" + UUID().uuidString.replacingOccurrences(of: "-", with: "")]
    return configuration
}
