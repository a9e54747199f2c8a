import EaselTestSupport
import Foundation
import JSONValues
import NIOHTTP1
import Sandbox
import Testing

/// How the sandbox runs SIS imports: one at a time per account at a set rate, effects visible as rows are applied,
/// Canvas's statuses and row messages, and stuck fields.
@Suite struct SISImportProcessingTests {
    static func post(_ csv: String, query: String = "", _ client: SandboxTestClient) async throws -> Int {
        let created = try await client.send(
            .POST, "/api/v1/accounts/1/sis_imports?extension=csv\(query)", headers: [("Content-Type", "text/csv")],
            body: Array(csv.utf8))
        #expect(created.status == 200)
        return try #require(created.json?["id"]?.intValue)
    }

    static func importState(_ id: Int, _ client: SandboxTestClient) async throws -> JSONValue {
        try await client.get("/api/v1/accounts/1/sis_imports/\(id)").json ?? .null
    }

    /// Moves `clock` on a second at a time until import `id` ends, and returns it as it ended.
    static func waitForEnd(_ id: Int, _ client: SandboxTestClient, _ clock: TestClock) async throws -> JSONValue {
        for _ in 0..<1000 {
            let json = try await importState(id, client)
            if json["progress"] == 100 { return json }
            clock.advance(by: .seconds(1))
        }
        return try await importState(id, client)
    }

    /// A sandbox configuration applying `rowsPerSecond` rows a second on `clock`.
    static func configuration(_ clock: TestClock, rowsPerSecond: Double) -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.sisRowsPerSecond = rowsPerSecond
        configuration.clock = clock.sandbox
        return configuration
    }

    static func users(_ range: ClosedRange<Int>, prefix: String) -> String {
        "user_id,login_id,full_name,status\n"
            + range.map { "\(prefix)\($0),\(prefix.lowercased())\($0),Person \($0),active" }.joined(separator: "\n")
            + "\n"
    }

    @Test func importsOfOneAccountRunOneAtATimeAndShowTheirRowsAsTheyGo() async throws {
        let clock = TestClock()
        try await withSandboxClient(Self.configuration(clock, rowsPerSecond: 2)) { client in
            let first = try await Self.post(Self.users(1...20, prefix: "Q"), client)
            let second = try await Self.post(Self.users(21...24, prefix: "Q"), client)
            // Two rows of the first import's twenty are due after a second.
            clock.advance(by: .seconds(1))
            // One listing is one snapshot of both imports.
            let snapshot = try await client.get("/api/v1/accounts/1/sis_imports").json?["sis_imports"]?.arrayValue ?? []
            let running = try #require(snapshot.first { $0["id"]?.intValue == first })
            #expect(running["workflow_state"] == "importing")
            #expect(running["progress"] == 10, "progress moves while rows are applied")
            let queued = snapshot.first { $0["id"]?.intValue == second }
            #expect(queued?["workflow_state"] == "created", "queued behind the running import")
            #expect(try await client.get("/api/v1/users/sis_user_id:Q2").status == 200, "applied rows show at once")
            #expect(try await client.get("/api/v1/users/sis_user_id:Q3").status == 404, "the rest are not applied yet")
            let done = try await Self.waitForEnd(first, client, clock)
            #expect(done["workflow_state"] == "imported")
            #expect(done["data"]?["counts"]?["users"] == 20)
            let next = try await Self.waitForEnd(second, client, clock)
            #expect(next["workflow_state"] == "imported")
            #expect(try await client.get("/api/v1/users/sis_user_id:Q24").json?["name"] == "Person 24")
        }
    }

    @Test func rowsCanvasRefusesAreListedWithTheirRowNumbers() async throws {
        let clock = TestClock()
        try await withSandboxClient(Self.configuration(clock, rowsPerSecond: 5000)) { client in
            let csv =
                "course_id,user_id,role,status\n"
                + "TEMPLATE,u0001,student,active\n"
                + "NO-SUCH-COURSE,u0001,student,active\n"
                + "TEMPLATE,nobody,student,active\n"
                + "TEMPLATE,u0002,student,dancing\n"
                + "TEMPLATE,u0003,wizard,active\n"
            let id = try await Self.post(csv, client)
            let done = try await Self.waitForEnd(id, client, clock)
            #expect(done["workflow_state"] == "imported_with_messages")
            #expect(done["data"]?["counts"]?["enrollments"] == 1)
            #expect(done["data"]?["counts"]?["warning_count"] == 4)
            let errors = try #require(
                try await client.get("/api/v1/accounts/1/sis_imports/\(id)/errors").json?["sis_import_errors"]?
                    .arrayValue)
            let byRow = Dictionary(
                uniqueKeysWithValues: errors.compactMap { error in
                    error["row"]?.intValue.map { ($0, error["message"]?.stringValue ?? "") }
                })
            #expect(byRow[3] == "An enrollment referenced a non-existent course NO-SUCH-COURSE")
            #expect(byRow[4]?.hasPrefix("User not found for enrollment (User ID: nobody") == true)
            #expect(byRow[5] == "Improper status \"dancing\" for an enrollment")
            #expect(byRow[6] == "Improper role \"wizard\" for an enrollment")
            #expect(byRow[2] == nil)
        }
    }

    @Test func statusesTakeEffectAndStuckFieldsAreKeptUnlessOverridden() async throws {
        let clock = TestClock()
        try await withSandboxClient(Self.configuration(clock, rowsPerSecond: 5000)) { client in
            let sections = "section_id,course_id,name,status\nSTK-1,TEMPLATE,From SIS,active\n"
            _ = try await Self.waitForEnd(try await Self.post(sections, client), client, clock)
            let section = try #require(try await client.get("/api/v1/sections/sis_section_id:STK-1").json)
            #expect(section["name"] == "From SIS")
            let id = try #require(section["id"]?.intValue)
            // An API rename makes the name stuck.
            _ = try await client.send(.PUT, "/api/v1/sections/\(id)", form: "course_section[name]=Renamed")
            let renamed = "section_id,course_id,name,status\nSTK-1,TEMPLATE,From SIS again,active\n"
            _ = try await Self.waitForEnd(try await Self.post(renamed, client), client, clock)
            #expect(try await client.get("/api/v1/sections/\(id)").json?["name"] == "Renamed", "stuck: skipped")
            _ = try await Self.waitForEnd(
                try await Self.post(renamed, query: "&override_sis_stickiness=true", client), client, clock)
            #expect(try await client.get("/api/v1/sections/\(id)").json?["name"] == "From SIS again")

            let enrollment = "section_id,user_id,role,status\nSTK-1,u0004,student,active\n"
            _ = try await Self.waitForEnd(try await Self.post(enrollment, client), client, clock)
            let listed = try await client.get("/api/v1/sections/\(id)/enrollments").json?.arrayValue ?? []
            #expect(listed.count == 1)
            let inactive = enrollment.replacingOccurrences(of: "active\n", with: "inactive\n")
            _ = try await Self.waitForEnd(try await Self.post(inactive, client), client, clock)
            let after = try await client.get("/api/v1/sections/\(id)/enrollments?state[]=inactive").json?.arrayValue
            #expect(after?.count == 1, "the same enrollment, now inactive")
            // Listed active again: enrollment status is not sticky, and the same enrollment comes back.
            _ = try await Self.waitForEnd(try await Self.post(enrollment, client), client, clock)
            #expect(try await client.get("/api/v1/sections/\(id)/enrollments").json?.arrayValue?.count == 1)
            let deleted = "section_id,course_id,name,status\nSTK-1,TEMPLATE,From SIS again,deleted\n"
            _ = try await Self.waitForEnd(try await Self.post(deleted, client), client, clock)
            let gone = try await client.get("/api/v1/sections/\(id)")
            #expect(gone.status == 404 || gone.json?["workflow_state"] == "deleted", "\(gone.status)")
            let dropped = try await client.get("/api/v1/courses/sis_course_id:TEMPLATE/enrollments?state[]=deleted")
            #expect(dropped.json?.arrayValue?.contains { $0["sis_user_id"] == "u0004" } == true)
        }
    }
}
