import EaselTestSupport
import Foundation
import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct JobTests {
    /// Jobs of two seconds on a clock that moves only when the test moves it.
    static func slowJobs(_ clock: TestClock) -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.jobDuration = .seconds(2)
        configuration.clock = clock.sandbox
        return configuration
    }

    @Test func courseCopyCompletesThroughAProgress() async throws {
        let clock = TestClock()
        try await withSandboxClient(Self.slowJobs(clock)) { (client) async throws in
            let shell = try await client.send(
                .POST, "/api/v1/accounts/sis_account_id:ENG/courses", form: "course[name]=Copy")
            let id = try #require(shell.json?["id"]?.intValue)
            let migration = try await client.send(
                .POST, "/api/v1/courses/\(id)/content_migrations",
                form: "migration_type=course_copy_importer&settings[source_course_id]=sis_course_id:TEMPLATE")
            #expect(migration.status == 200)
            let progressURL = try #require(migration.json?["progress_url"]?.stringValue)
            let first = try await client.get(progressURL).json
            #expect(first?["workflow_state"] == "queued")
            #expect(first?["completion"] == 0)
            // Queued for the first third of the job, then running.
            clock.advance(by: .seconds(1))
            let running = try await client.get(progressURL).json
            #expect(running?["workflow_state"] == "running")
            #expect(running?["completion"] == 50)
            #expect(try await client.all("/api/v1/courses/\(id)/modules").isEmpty, "nothing is copied before the end")
            clock.advance(by: .seconds(1))
            let progress = try #require(try await client.get(progressURL).json)
            #expect(progress["workflow_state"] == "completed")
            #expect(progress["completion"] == 100)
            let modules = try await client.all("/api/v1/courses/\(id)/modules")
            let pages = try await client.all("/api/v1/courses/\(id)/pages")
            let assignments = try await client.all("/api/v1/courses/\(id)/assignments")
            #expect(modules.count == 2 && pages.count == 3 && assignments.count == 4)
            let migrationID = try #require(migration.json?["id"]?.intValue)
            let done = try await client.get("/api/v1/courses/\(id)/content_migrations/\(migrationID)")
            #expect(done.json?["workflow_state"] == "completed")
        }
    }

    @Test func aProgressCanBeCancelledWhilePending() async throws {
        let clock = TestClock()
        try await withSandboxClient(Self.slowJobs(clock)) { (client) async throws in
            let shell = try await client.send(.POST, "/api/v1/accounts/1/courses", form: "course[name]=Copy")
            let id = try #require(shell.json?["id"]?.intValue)
            let migration = try await client.send(
                .POST, "/api/v1/courses/\(id)/content_migrations",
                form: "migration_type=course_copy_importer&settings[source_course_id]=sis_course_id:TEMPLATE")
            let progressURL = try #require(migration.json?["progress_url"]?.stringValue)
            let progressID = try #require(progressURL.split(separator: "/").last.map(String.init))
            let cancelled = try await client.send(
                .POST, "/api/v1/progress/\(progressID)/cancel", form: "message=not+needed")
            #expect(cancelled.json?["workflow_state"] == "failed")
            #expect(cancelled.json?["message"] == "not needed")
            // Past the job's duration: a cancelled copy never runs.
            clock.advance(by: .seconds(3))
            #expect(try await client.get(progressURL).json?["workflow_state"] == "failed")
            #expect(try await client.all("/api/v1/courses/\(id)/modules").isEmpty)
        }
    }

    @Test func sisImportRunsAsynchronously() async throws {
        let clock = TestClock()
        var configuration = SandboxConfiguration()
        configuration.clock = clock.sandbox
        try await withSandboxClient(configuration) { (client) async throws in
            let csv =
                "user_id,login_id,first_name,last_name,email,status\nT26-0101,mbrennan,Maria,Brennan,m@example.edu,active\n"
            let created = try await client.send(
                .POST, "/api/v1/accounts/1/sis_imports?import_type=instructure_csv&extension=csv",
                headers: [("Content-Type", "text/csv")], body: Array(csv.utf8))
            #expect(created.status == 200)
            #expect(created.json?["workflow_state"] == "created")
            let id = try #require(created.json?["id"]?.intValue)
            #expect(try await client.get("/api/v1/users/sis_user_id:T26-0101").status == 404, "not applied yet")
            // One row at 115 a second is applied within 10 ms.
            clock.advance(by: .milliseconds(10))
            let state = try await client.get("/api/v1/accounts/1/sis_imports/\(id)").json?["workflow_state"]
            #expect(state == "imported")
            let user = try await client.get("/api/v1/users/sis_user_id:T26-0101")
            #expect(user.json?["name"] == "Maria Brennan")
        }
    }

    @Test func multipartSISImportIsImportedWithMessages() async throws {
        let clock = TestClock()
        var configuration = SandboxConfiguration()
        configuration.clock = clock.sandbox
        try await withSandboxClient(configuration) { (client) async throws in
            let csv =
                "course_id,short_name,long_name,account_id,term_id,status\n"
                + "SIS-BIO-1,BIO 1,Biology One,SCI,2026FA,active\n"
                + "SIS-BIO-2,BIO 2,Biology Two,SCI,1999XX,active\n"
            let boundary = "sis-import-boundary"
            let body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"import_type\"\r\n\r\ninstructure_csv\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"courses.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
            let type = "multipart/form-data; boundary=\(boundary)"
            let created = try await client.send(
                .POST, "/api/v1/accounts/self/sis_imports", headers: [("Content-Type", type)], body: Array(body.utf8))
            #expect(created.status == 200)
            let id = try #require(created.json?["id"]?.intValue)
            var states = [created.json?["workflow_state"]?.stringValue ?? ""]
            var json: JSONValue = .null
            for _ in 0..<100 where json["progress"] != 100 {
                clock.advance(by: .milliseconds(10))
                json = try await client.get("/api/v1/accounts/1/sis_imports/\(id)").json ?? .null
                if let state = json["workflow_state"]?.stringValue, state != states.last { states.append(state) }
            }
            #expect(states.first == "created" && states.last == "imported_with_messages")
            #expect(Set(states).isSubset(of: ["created", "importing", "imported_with_messages"]))
            #expect(json["data"]?["counts"]?["courses"] == 1)
            #expect(json["data"]?["supplied_batches"] == ["course"])
            let warning = try #require(json["processing_warnings"]?[0])
            #expect(warning[0] == "courses.csv")
            #expect(warning[1]?.stringValue?.contains("1999XX") == true)
            let course = try await client.get("/api/v1/courses/sis_course_id:SIS-BIO-1").json
            #expect(course?["name"] == "Biology One")
            #expect(course?["account_id"] == (try await client.get("/api/v1/accounts/sis_account_id:SCI").json?["id"]))
            #expect(try await client.get("/api/v1/courses/sis_course_id:SIS-BIO-2").status == 404)
            let listed = try await client.get("/api/v1/accounts/1/sis_imports").json?["sis_imports"]?[0]?["id"]
            #expect(listed == .int(id))
        }
    }

    @Test func sisImportFailsWithMessagesOnUnknownHeaders() async throws {
        let clock = TestClock()
        var configuration = SandboxConfiguration()
        configuration.clock = clock.sandbox
        try await withSandboxClient(configuration) { (client) async throws in
            let created = try await client.send(
                .POST, "/api/v1/accounts/1/sis_imports", headers: [("Content-Type", "text/csv")],
                body: Array("nothing,useful\n1,2\n".utf8))
            let id = try #require(created.json?["id"]?.intValue)
            // No row can be read: the import ends at once, at the next request.
            let json = try await client.get("/api/v1/accounts/1/sis_imports/\(id)").json ?? .null
            #expect(json["progress"] == 100)
            #expect(json["workflow_state"] == "failed_with_messages")
            #expect(json["processing_errors"]?.arrayValue?.isEmpty == false)
        }
    }

    @Test func batchCourseUpdateIsAProgress() async throws {
        let clock = TestClock()
        var configuration = SandboxConfiguration()
        configuration.clock = clock.sandbox
        try await withSandboxClient(configuration) { (client) async throws in
            let template = try await client.get("/api/v1/courses/sis_course_id:TEMPLATE").json
            let id = try #require(template?["id"]?.intValue)
            let reply = try await client.send(
                .PUT, "/api/v1/accounts/1/courses", form: "course_ids[]=\(id)&event=offer")
            #expect(reply.status == 200)
            let url = try #require(reply.json?["url"]?.stringValue)
            #expect(try await client.get(url).json?["workflow_state"] == "queued")
            #expect(try await client.get("/api/v1/courses/\(id)").json?["workflow_state"] != "available")
            // Past the job's 300 ms (a whole second, so that no rounding of the times leaves it just short).
            clock.advance(by: .seconds(1))
            #expect(try await client.get(url).json?["workflow_state"] == "completed")
            #expect(try await client.get("/api/v1/courses/\(id)").json?["workflow_state"] == "available")
            let tooMany = (1...501).map { "course_ids[]=\($0)" }.joined(separator: "&")
            let refused = try await client.send(.PUT, "/api/v1/accounts/1/courses", form: tooMany + "&event=offer")
            #expect(refused.status == 403)
            #expect(refused.json == ["message": "course batch size limit (500) exceeded"])
        }
    }
}
