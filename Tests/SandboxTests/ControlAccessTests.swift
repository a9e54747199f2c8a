import AsyncHTTPClient
import Foundation
import JSONValues
import NIOCore
import NIOHTTP1
import Sandbox
import Testing

/// The control surface can reset the sandbox and inject faults: it answers only a caller holding the sandbox's
/// token, and never a form post, which any web page could send to this machine.
@Suite struct ControlAccessTests {
    func raw(
        _ client: SandboxTestClient, _ method: HTTPMethod, _ path: String, authorization: String?,
        contentType: String?, body: String?
    ) async throws -> Int {
        var request = HTTPClientRequest(url: client.sandbox.controlURL(path))
        request.method = method
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        // Generous: with the whole suite running on two cores, an answer can take seconds.
        // Only so that a sandbox that never answers fails the test: every suite runs at once on two cores, and a
        // call can wait tens of seconds for a thread while the others' work runs.
        let response = try await client.http.execute(request, timeout: .seconds(300))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    @Test func theControlSurfaceNeedsTheTokenAndRefusesForms() async throws {
        try await withSandboxClient { (client) async throws in
            let bearer = "Bearer \(client.sandbox.token)"
            #expect(
                try await raw(client, .GET, "/__sandbox/stats", authorization: nil, contentType: nil, body: nil) == 401)
            #expect(
                try await raw(
                    client, .POST, "/__sandbox/reset", authorization: "Bearer not-the-token", contentType: nil,
                    body: nil)
                    == 401)
            for type in ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"] {
                let status = try await raw(
                    client, .PUT, "/__sandbox/faults", authorization: bearer, contentType: type, body: "spec=503%3D1")
                #expect(status == 415, "\(type)")
            }
            #expect(try await client.get("/api/v1/accounts/1").status == 200)
            let set = try await raw(
                client, .PUT, "/__sandbox/faults", authorization: bearer, contentType: "application/json",
                body: #"{"spec": "503=1"}"#)
            #expect(set == 200)
            #expect(try await client.get("/api/v1/accounts/1").status == 503)
            #expect(
                try await raw(client, .GET, "/__sandbox/stats", authorization: bearer, contentType: nil, body: nil)
                    == 200)
        }
    }
}
