import EaselTestSupport
import Foundation
import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct UploadTests {
    /// A multipart body with `fields` in order, then (unless nil) the file part.
    static func multipart(_ fields: [(String, String)], file: String?, fileFirst: Bool = false) -> (String, [UInt8]) {
        let boundary = "sandbox-test-boundary"
        var parts: [String] = fields.map { name, value in
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        if let file {
            let part =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\n\(file)\r\n"
            if fileFirst { parts.insert(part, at: 0) } else { parts.append(part) }
        }
        return ("multipart/form-data; boundary=\(boundary)", Array((parts.joined() + "--\(boundary)--\r\n").utf8))
    }

    /// Step 1: the preflight's upload URL and parameters.
    static func preflight(_ client: SandboxTestClient) async throws -> (url: String, parameters: [(String, String)]) {
        let reply = try await client.send(
            .POST, "/api/v1/courses/sis_course_id:TEMPLATE/files", form: "name=notes.txt&size=5&content_type=text/plain"
        )
        #expect(reply.status == 200)
        let json = try #require(reply.json)
        #expect(json["file_param"] == "file")
        let url = try #require(json["upload_url"]?.stringValue)
        let parameters = try #require(json["upload_params"]?.objectValue).map { ($0.key, $0.value.stringValue ?? "") }
        return (url, parameters)
    }

    @Test func threeStepUploadWithRedirect() async throws {
        try await withSandboxClient { (client) async throws in
            let (url, parameters) = try await Self.preflight(client)
            #expect(url.hasPrefix(client.sandbox.uploadBaseURL))
            #expect(client.sandbox.uploadPort != client.sandbox.port)
            let (type, body) = Self.multipart(parameters, file: "hello")
            let uploaded = try await client.send(
                .POST, url, headers: [("Content-Type", type)], credentials: .none, body: body)
            #expect(uploaded.status == 302)
            let location = try #require(uploaded.header("Location"))
            #expect(location.hasPrefix(client.sandbox.baseURL))
            let fileID = try #require(location.split(separator: "/").dropLast().last.map(String.init))
            // Pending until confirmed with the token.
            #expect(try await client.get("/api/v1/files/\(fileID)").status == 404)
            #expect(try await client.get(location, credentials: .none).status == 401)
            let confirmed = try await client.get(location)
            #expect(confirmed.status == 200)
            #expect(confirmed.json?["size"] == 5)
            #expect(confirmed.json?["content-type"] == "text/plain")
            let file = try await client.get("/api/v1/files/\(fileID)")
            #expect(file.status == 200)
            let download = try await client.get(try #require(file.json?["url"]?.stringValue), credentials: .none)
            #expect(download.text == "hello")
        }
    }

    @Test func createdConfirmationWhenConfigured() async throws {
        var configuration = SandboxConfiguration()
        configuration.uploadConfirmation = .created
        try await withSandboxClient(configuration) { (client) async throws in
            let (url, parameters) = try await Self.preflight(client)
            let (type, body) = Self.multipart(parameters, file: "hello")
            let uploaded = try await client.send(
                .POST, url, headers: [("Content-Type", type)], credentials: .none, body: body)
            #expect(uploaded.status == 201)
            let location = try #require(uploaded.header("Location"))
            #expect(try await client.get(location).json?["display_name"] == "notes.txt")
        }
    }

    @Test func refusesAnUploadCarryingTheToken() async throws {
        try await withSandboxClient { (client) async throws in
            let (url, parameters) = try await Self.preflight(client)
            let (type, body) = Self.multipart(parameters, file: "hello")
            let reply = try await client.send(.POST, url, headers: [("Content-Type", type)], body: body)
            #expect(reply.status == 400)
            // The refused upload did not use up the pending file.
            let retry = try await client.send(
                .POST, url, headers: [("Content-Type", type)], credentials: .none, body: body)
            #expect(retry.status == 302)
        }
    }

    @Test func refusesTheTokenInTheFormOrTheQueryToo() async throws {
        try await withSandboxClient(testConfiguration()) { (client) async throws in
            let (url, parameters) = try await Self.preflight(client)
            let token = client.sandbox.token
            let (formType, formBody) = Self.multipart(parameters + [("access_token", token)], file: "hello")
            let inForm = try await client.send(
                .POST, url, headers: [("Content-Type", formType)], credentials: .none, body: formBody)
            #expect(inForm.status == 400)
            #expect(inForm.json?["errors"]?[0]?["message"]?.stringValue?.contains("access token") == true)
            let (type, body) = Self.multipart(parameters, file: "hello")
            let inQuery = try await client.send(
                .POST, url + "?access_token=" + token, headers: [("Content-Type", type)], credentials: .none,
                body: body)
            #expect(inQuery.status == 400)
            #expect(inQuery.json?["errors"]?[0]?["message"]?.stringValue?.contains("access token") == true)
            // Neither refusal used up the pending file.
            let clean = try await client.send(
                .POST, url, headers: [("Content-Type", type)], credentials: .none, body: body)
            #expect(clean.status == 302)
        }
    }

    @Test func refusesAnUploadAfterItsSignatureExpired() async throws {
        let clock = TestClock()
        var configuration = testConfiguration()
        configuration.uploadLifetime = .seconds(300)
        configuration.clock = clock.sandbox
        try await withSandboxClient(configuration) { (client) async throws in
            let (url, parameters) = try await Self.preflight(client)
            clock.advance(by: .seconds(301))
            let (type, body) = Self.multipart(parameters, file: "hello")
            let late = try await client.send(
                .POST, url, headers: [("Content-Type", type)], credentials: .none, body: body)
            #expect(late.status == 400)
            #expect(late.json?["errors"]?[0]?["message"] == "The upload signature has expired.")
            let fileID = try #require(url.split(separator: "/").last.map(String.init))
            #expect(try await client.get("/api/v1/files/\(fileID)").status == 404)
        }
    }

    @Test func refusesChangedParametersOrAFileThatIsNotLast() async throws {
        try await withSandboxClient { (client) async throws in
            let (url, parameters) = try await Self.preflight(client)
            let changed = parameters.map { $0.0 == "filename" ? ($0.0, "other.txt") : $0 }
            for (fields, fileFirst) in [(changed, false), (Array(parameters.dropFirst()), false), (parameters, true)] {
                let (type, body) = Self.multipart(fields, file: "hello", fileFirst: fileFirst)
                let reply = try await client.send(
                    .POST, url, headers: [("Content-Type", type)], credentials: .none, body: body)
                #expect(reply.status == 400)
            }
        }
    }
}
