import AsyncHTTPClient
import EaselTestSupport
import Foundation
import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct LifecycleTests {
    @Test func publishesRealPortsAndStopsAfterTheBody() async throws {
        let sandbox = try await withSandboxClient(testConfiguration()) { (client) async throws in
            #expect(client.sandbox.port > 0 && client.sandbox.uploadPort > 0)
            #expect(client.sandbox.baseURL == "http://127.0.0.1:\(client.sandbox.port)")
            #expect(try await client.get("/api/v1/accounts/self").status == 200)
            return client.sandbox
        }
        var request = HTTPClientRequest(url: sandbox.baseURL + "/api/v1/accounts/self")
        request.headers.add(name: "Authorization", value: "Bearer \(sandbox.token)")
        await #expect(throws: (any Error).self) {
            // A stopped sandbox refuses the connection; the client retries it until the deadline.
            _ = try await HTTPClient.shared.execute(request, timeout: .seconds(1))
        }
    }

    @Test func generatesATokenWhenNoneIsGiven() async throws {
        try await withSandboxClient { (client) async throws in
            #expect(client.sandbox.tokens.count == 1)
            #expect(client.sandbox.token.hasPrefix("1~") && client.sandbox.token.count > 40)
        }
    }

    @Test func keepsStateInAFileAcrossRestarts() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString).sqlite")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = testConfiguration()
        configuration.statePath = path
        try await withSandboxClient(configuration) { (client) async throws in
            let created = try await client.send(
                .POST, "/api/v1/accounts/1/courses", form: "course[name]=Kept&course[sis_course_id]=KEPT-1")
            #expect(created.status == 200)
        }
        try await withSandboxClient(configuration) { (client) async throws in
            let found = try await client.get("/api/v1/courses/sis_course_id:KEPT-1")
            #expect(found.json?["name"] == "Kept")
            let next = try await client.send(.POST, "/api/v1/accounts/1/courses", form: "course[name]=Next")
            #expect(next.json?["id"] != found.json?["id"])
        }
        configuration.statePath = nil
        try await withSandboxClient(configuration) { (client) async throws in
            #expect(try await client.get("/api/v1/courses/sis_course_id:KEPT-1").status == 404)
        }
    }

    /// A state file in the temporary folder, removed after `body`.
    static func withStateFile<Value>(_ body: (String) async throws -> Value) async throws -> Value {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString).sqlite")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    @Test func aPendingJobFinishesOnTimeAcrossARestart() async throws {
        try await Self.withStateFile { path in
            let clock = TestClock()
            var configuration = testConfiguration()
            configuration.statePath = path
            configuration.jobDuration = .seconds(1)
            configuration.clock = clock.sandbox
            let (progressURL, importID, courseID) = try await withSandboxClient(configuration) {
                (client) async throws in
                let shell = try await client.send(.POST, "/api/v1/accounts/1/courses", form: "course[name]=Copy")
                let courseID = try #require(shell.json?["id"]?.intValue)
                let migration = try await client.send(
                    .POST, "/api/v1/courses/\(courseID)/content_migrations",
                    form: "migration_type=course_copy_importer&settings[source_course_id]=sis_course_id:TEMPLATE")
                let progressURL = try #require(migration.json?["progress_url"]?.stringValue)
                let csv = "term_id,name,status\nKEPT-T1,Kept Term,active\n"
                let sisImport = try await client.send(
                    .POST, "/api/v1/accounts/1/sis_imports?extension=csv", headers: [("Content-Type", "text/csv")],
                    body: Array(csv.utf8))
                let importID = try #require(sisImport.json?["id"]?.intValue)
                return (Self.pathAndQuery(of: progressURL), importID, courseID)
            }
            // The jobs' time passes while no sandbox runs; a restarted one finds them done.
            clock.advance(by: .seconds(1))
            try await withSandboxClient(configuration) { (client) async throws in
                #expect(try await client.get(progressURL).json?["workflow_state"] == "completed")
                let sisImport = try await client.get("/api/v1/accounts/1/sis_imports/\(importID)")
                #expect(sisImport.json?["workflow_state"] == "imported")
                #expect(try await client.all("/api/v1/courses/\(courseID)/modules").count == 2)
                #expect(try await client.get("/api/v1/accounts/1/terms/sis_term_id:KEPT-T1").status == 200)
            }
        }
    }

    @Test func aPendingUploadIsKeptAcrossRestarts() async throws {
        try await Self.withStateFile { path in
            var configuration = testConfiguration()
            configuration.statePath = path
            let (uploadPath, parameters) = try await withSandboxClient(configuration) { (client) async throws in
                let (url, parameters) = try await UploadTests.preflight(client)
                return (String(url.dropFirst(client.sandbox.uploadBaseURL.count)), parameters)
            }
            // Uploaded after a restart (to the new upload port): the signature and the pending file were kept.
            let location = try await withSandboxClient(configuration) { (client) async throws in
                let (type, body) = UploadTests.multipart(parameters, file: "hello")
                let uploaded = try await client.send(
                    .POST, client.sandbox.uploadBaseURL + uploadPath, headers: [("Content-Type", type)],
                    credentials: .none, body: body)
                #expect(uploaded.status == 302)
                return try #require(uploaded.header("Location"))
            }
            let fileID = try #require(location.split(separator: "/").dropLast().last.map(String.init))
            let confirmation = Self.pathAndQuery(of: location)
            // Confirmed after another restart: the upload itself was kept.
            try await withSandboxClient(configuration) { (client) async throws in
                #expect(try await client.get(confirmation).status == 200)
            }
            // And after one more, so was the confirmation.
            try await withSandboxClient(configuration) { (client) async throws in
                let file = try await client.get("/api/v1/files/\(fileID)")
                #expect(file.status == 200)
                #expect(file.json?["size"] == 5)
            }
        }
    }

    @Test func anUploadExpiresOnTheWallClockAcrossARestart() async throws {
        try await Self.withStateFile { path in
            let clock = TestClock()
            var configuration = testConfiguration()
            configuration.statePath = path
            configuration.uploadLifetime = .seconds(1)
            configuration.clock = clock.sandbox
            let (uploadPath, parameters) = try await withSandboxClient(configuration) { (client) async throws in
                let (url, parameters) = try await UploadTests.preflight(client)
                let expires = try #require(parameters.first { $0.0 == "expires" }.flatMap { Double($0.1) })
                // `expires` is a wall-clock time, as a signed upload URL carries: a lifetime after the sandbox
                // answered.
                #expect(expires == clock.now.timeIntervalSince1970 + 1)
                return (String(url.dropFirst(client.sandbox.uploadBaseURL.count)), parameters)
            }
            clock.advance(by: .milliseconds(1_300))
            try await withSandboxClient(configuration) { (client) async throws in
                let (type, body) = UploadTests.multipart(parameters, file: "hello")
                let late = try await client.send(
                    .POST, client.sandbox.uploadBaseURL + uploadPath, headers: [("Content-Type", type)],
                    credentials: .none, body: body)
                #expect(late.status == 400)
                #expect(late.json?["errors"]?[0]?["message"] == "The upload signature has expired.")
            }
        }
    }

    /// The path and query of an absolute URL, to send them to another sandbox run.
    static func pathAndQuery(of url: String) -> String {
        String(url.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
    }
}
