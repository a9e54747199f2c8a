import Canvas
import EaselTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import JSONValues
import Logging
import NIOCore
import Testing

/// Redirects and `next` links that lead off the Canvas host: the token must never follow them.
@Suite struct RedirectTests {
    @Test func aRedirectOnTheCanvasHostKeepsTheToken() async throws {
        try await Self.withServers { canvas, other, client in
            let user = try await client.json(.get(CanvasPath.apiV1("users", "self")), logger: Self.logger)
            #expect(user["name"]?.stringValue == "Moved")
            #expect(await canvas.authorization(of: "/api/v1/users/self/moved") == true)
            #expect(await other.paths.isEmpty)
        }
    }

    @Test func aRedirectToAnotherHostIsFollowedWithoutTheToken() async throws {
        try await Self.withServers { canvas, other, client in
            let file = try await client.json(.get(CanvasPath.apiV1("files", "7")), logger: Self.logger)
            #expect(file["stored"]?.boolValue == true)
            #expect(await canvas.authorization(of: "/api/v1/files/7") == true)
            #expect(await other.authorization(of: "/objects/7") == false)
        }
    }

    @Test func aNextLinkToAnotherHostIsRefused() async throws {
        try await Self.withServers { _, other, client in
            let error = await #expect(throws: CanvasError.self) {
                try await client.getAll(.get(CanvasPath.apiV1("courses")), logger: Self.logger)
            }
            guard case .untrustedHost = error?.kind else {
                Issue.record("a next link to another host gave \(String(describing: error))")
                return
            }
            #expect(await other.paths.isEmpty)
        }
    }

    @Test func aWriteIsNotRedirected() async throws {
        try await Self.withServers { _, other, client in
            let error = await #expect(throws: CanvasError.self) {
                try await client.send(CanvasRequest(.post, CanvasPath.apiV1("files", "7")), logger: Self.logger)
            }
            #expect(error?.status == 302)
            #expect(await other.paths.isEmpty)
        }
    }

    static let logger = Logger(label: "easel.canvas.tests")

    /// What a server received: each request's path and whether it carried an `Authorization` header.
    actor Received {
        private(set) var paths: [String] = []
        private var authorized: [String: Bool] = [:]

        func record(_ path: String, authorized: Bool) {
            paths.append(path)
            self.authorized[path] = authorized
        }

        func authorization(of path: String) -> Bool? { authorized[path] }
    }

    /// Runs two loopback servers on their own ports, the Canvas host and another host, and a client of the first.
    static func withServers(
        _ body: @escaping @Sendable (Received, Received, CanvasClient) async throws -> Void
    ) async throws {
        let (canvas, other) = (Received(), Received())
        let otherRouter = Router()
        otherRouter.get("/objects/7") { request, _ in
            await other.record(request.uri.path, authorized: request.headers[.authorization] != nil)
            return Self.json(#"{"stored": true}"#)
        }
        otherRouter.get("/api/v1/courses") { request, _ in
            await other.record(request.uri.path, authorized: request.headers[.authorization] != nil)
            return Self.json("[]")
        }
        try await Self.serve(otherRouter) { otherPort in
            let router = Router()
            router.get("/api/v1/users/self") { request, _ in
                await canvas.record(request.uri.path, authorized: request.headers[.authorization] != nil)
                return Response(status: .found, headers: [.location: "/api/v1/users/self/moved"])
            }
            router.get("/api/v1/users/self/moved") { request, _ in
                await canvas.record(request.uri.path, authorized: request.headers[.authorization] != nil)
                return Self.json(#"{"id": 1, "name": "Moved"}"#)
            }
            router.on("/api/v1/files/7", method: .get) { request, _ in
                await canvas.record(request.uri.path, authorized: request.headers[.authorization] != nil)
                return Response(status: .found, headers: [.location: "http://127.0.0.1:\(otherPort)/objects/7"])
            }
            router.on("/api/v1/files/7", method: .post) { _, _ in
                Response(status: .found, headers: [.location: "http://127.0.0.1:\(otherPort)/objects/7"])
            }
            router.get("/api/v1/courses") { _, _ in
                var response = Self.json(#"[{"id": 1}]"#)
                response.headers[HTTPField.Name("Link")!] =
                    "<http://127.0.0.1:\(otherPort)/api/v1/courses?page=2>; rel=\"next\""
                return response
            }
            try await Self.serve(router) { port in
                let configuration = CanvasClientConfiguration(
                    baseURL: "http://127.0.0.1:\(port)", tokens: [CanvasToken(randomCanvasToken())])
                try await withCanvasClient(configuration) { client in try await body(canvas, other, client) }
            }
        }
    }

    static func json(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Serves `router` on a free loopback port while `body` runs.
    static func serve(_ router: Router<BasicRequestContext>, _ body: @escaping @Sendable (Int) async throws -> Void)
        async throws
    {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "easel.canvas.tests.server", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            defer { group.cancelAll() }
            try await body(port)
        }
    }
}
